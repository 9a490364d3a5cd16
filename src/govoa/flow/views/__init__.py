"""Screens of the engine: an item with its act form, a flow's 办理过程, template administration."""
