"""今日提醒 The Reminders tab (`tab.RemindersTab`): upcoming birthdays and new accounts."""
