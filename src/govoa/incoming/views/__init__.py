"""收文 screens: the 登记簿, registration, the document page with its act form, printables."""
