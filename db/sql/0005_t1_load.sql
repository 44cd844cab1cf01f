-- T+1 counter load (柜台数据, issue #5). Runs as crm_owner. See crm_desktop/services/t1_load.py.
SELECT 1;
