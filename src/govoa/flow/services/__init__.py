"""Every write of the engine: starting flows and acting on work items (``acts``), the routing
underneath (``routing``), reminders and deadline scans (``reminders``), and template
administration (``templates``)."""
