"""系统管理 The Administration tab: `tab.AdminTab` assembles the pages of this folder."""
