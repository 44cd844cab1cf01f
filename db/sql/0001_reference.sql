-- Reference data the security model and the demo rely on.

INSERT INTO crm.staff_type (code, name_zh, name_en) VALUES
    ('marketing',   '营销人员', 'Marketing staff'),
    ('broker',      '经纪人',   'Broker'),
    ('manager',     '管理人员', 'Manager'),
    ('back_office', '后台人员', 'Back office'),
    ('hq',          '总部人员', 'Headquarters staff');

INSERT INTO crm.permission (code, name_zh, name_en) VALUES
    ('admin_branch', '营业部系统管理', 'Administer own branches'),
    ('admin_all',    '总部系统管理',   'Administer all branches'),
    ('export',       '数据导出',       'Export data'),
    ('sms_send',     '短信发送',       'Send SMS'),
    ('analysis',     '多维分析',       'Multidimensional analysis'),
    ('approve',      '电子审批',       'Approve requests');

INSERT INTO crm.role (code, name_zh, name_en) VALUES
    ('marketing',          '营销人员',       'Marketing staff'),
    ('trading_manager',    '交易部经理',     'Trading department manager'),
    ('marketing_director', '营销总监',       'Marketing director'),
    ('hq_marketing',       '总部营销主管',   'HQ marketing supervisor'),
    ('branch_admin',       '营业部管理员',   'Branch administrator'),
    ('hq_admin',           '总部系统管理员', 'HQ administrator'),
    ('info_manager',       '信息管理员',     'Information manager'),
    ('analyst',            '多维分析角色',   'Analyst');

INSERT INTO crm.role_permission (role_code, permission_code) VALUES
    ('trading_manager',    'approve'),
    ('marketing_director', 'approve'),
    ('marketing_director', 'export'),
    ('marketing_director', 'analysis'),
    ('hq_marketing',       'approve'),
    ('hq_marketing',       'export'),
    ('hq_marketing',       'analysis'),
    ('branch_admin',       'admin_branch'),
    ('branch_admin',       'export'),
    ('hq_admin',           'admin_all'),
    ('hq_admin',           'admin_branch'),
    ('hq_admin',           'export'),
    ('info_manager',       'sms_send'),
    ('analyst',            'analysis'),
    ('analyst',            'export');

INSERT INTO crm.approval_post (code, name_zh, name_en) VALUES
    ('trading_manager',    '交易部经理',   'Trading department manager'),
    ('marketing_director', '营销总监',     'Marketing director'),
    ('hq_marketing',       '总部营销主管', 'HQ marketing supervisor');

-- 贵宾 levels by total assets (CNY): configuration, editable by HQ.
INSERT INTO crm.vip_level (level, name_zh, name_en, min_assets_cents) VALUES
    (0, '普通客户', 'Standard',  0),
    (1, '银卡贵宾', 'Silver',    50000000),      --   500 000 CNY
    (2, '金卡贵宾', 'Gold',      200000000),     -- 2 000 000 CNY
    (3, '钻石贵宾', 'Diamond',   1000000000);    -- 10 000 000 CNY

-- Passwords refused by crm.change_password() (compared case-insensitively).
INSERT INTO crm.common_password (password)
SELECT DISTINCT lower(p) FROM unnest(ARRAY[
    '12345678', '123456789', '1234567890', '87654321', '11111111', '00000000', '88888888',
    '66666666', '99999999', '12341234', '11223344', '123123123', '147258369', '1qaz2wsx',
    '1q2w3e4r', '1q2w3e4r5t', 'qwertyui', 'qwertyuiop', 'qwerty123', 'asdfghjk', 'zxcvbnm1',
    'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'iloveyou',
    'woaini1314', 'woaini520', '5201314520', 'a1234567', 'a12345678', 'abc12345', 'abcd1234',
    'abc123456', 'admin123', 'admin1234', 'administrator', 'welcome1', 'welcome123',
    'letmein1', 'changeme', 'sunshine', 'football', 'baseball', 'princess', 'superman',
    'trustno1', 'dragon123', 'monkey123', 'master123', 'shadow123', 'qq123456', 'aa123456',
    'aa112233', 'zz123456', '123qweasd', 'qweasdzxc', 'zaq12wsx', 'asdf1234', 'test1234',
    'crm12345', 'crm123456', 'huatai123', 'zhongxin', 'guotai123', 'stock123', 'gupiao123',
    '1234qwer', 'qwer1234', '5201314a', 'a5201314', 'computer', 'internet', 'security',
    'abcdefgh', 'abcdefg1', '12qwaszx', 'asd123456', 'qwe123456', '666666666', '888888888'
]) AS p;
