"""短信 SMS in the GUI: the send dialog (send_dialog), its entry points on the Customers tab, a
customer group and 今日提醒 (install). Everything that decides runs in PostgreSQL through
services.sms; these modules show what the server answers."""
