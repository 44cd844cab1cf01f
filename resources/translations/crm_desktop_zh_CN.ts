<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Admin</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="22"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="22"/>
        <source>Staff roles</source>
        <translation>员工角色</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="22"/>
        <source>Approval posts</source>
        <translation>员工审批岗</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="23"/>
        <source>Branch scope</source>
        <translation>营业部范围</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="23"/>
        <source>MAC bindings</source>
        <translation>MAC地址绑定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="23"/>
        <source>Policy</source>
        <translation>安全策略</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="24"/>
        <source>Customer extended data</source>
        <translation>客户扩展信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="24"/>
        <source>Relationships</source>
        <translation>客户服务关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="25"/>
        <source>Visits</source>
        <translation>拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="29"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="29"/>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="29"/>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="48"/>
        <source>%1 d %2 h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="50"/>
        <source>%1 h %2 min</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="52"/>
        <source>%1 min</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="53"/>
        <source>%1 s</source>
        <translation>%1秒</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="93"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="18"/>
        <source>Signed in</source>
        <translation>登录成功</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="19"/>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="20"/>
        <source>PC not registered (MAC)</source>
        <translation>电脑未登记（MAC）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="21"/>
        <source>Refused: maintenance</source>
        <translation>拒绝：系统维护</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="22"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="95"/>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="23"/>
        <source>Account frozen or closed</source>
        <translation>账号已冻结或已销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="24"/>
        <source>Locked (too many failures)</source>
        <translation>已锁定（失败次数过多）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="25"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="26"/>
        <source>Session ended</source>
        <translation>会话已结束</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="21"/>
        <source>Own customers</source>
        <translation>本人客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="21"/>
        <source>Own and subordinates&apos; (下属)</source>
        <translation>本人及下属客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="22"/>
        <source>Whole branch (营业部)</source>
        <translation>全营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="22"/>
        <source>All branches</source>
        <translation>全部营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="93"/>
        <source>Frozen (lockout)</source>
        <translation>已冻结（输错锁定）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="94"/>
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="95"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="96"/>
        <source>Closed (销户)</source>
        <translation>已销户</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="263"/>
        <source>Not connected: sign in again, then refresh.</source>
        <translation>未连接：请重新登录后刷新。</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../crm_desktop/ui/app.py" line="83"/>
        <source>The local database could not start: %1</source>
        <translation>本地数据库无法启动：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/app.py" line="129"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/app.py" line="130"/>
        <source>Something went wrong. Details were written to the log.

%1</source>
        <translation>程序出错，详细信息已写入日志。

%1</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="79"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="81"/>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="82"/>
        <source>Actor</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="83"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="84"/>
        <source>Table</source>
        <translation>数据表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="85"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="86"/>
        <source>Row key</source>
        <translation>记录标识</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="87"/>
        <source>Changes</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="95"/>
        <source>Actor (login) contains…</source>
        <translation>操作人（账号）包含…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="98"/>
        <source>All tables</source>
        <translation>全部数据表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="102"/>
        <source>Row key contains…</source>
        <translation>记录标识包含…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="105"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="139"/>
        <source>Showing the newest %1 entries only: narrow the filter to see older ones.</source>
        <translation>仅显示最新的 %1 条记录：缩小筛选范围可查看更早的记录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="143"/>
        <source>%1 entries</source>
        <translation>共 %1 条记录</translation>
    </message>
</context>
<context>
    <name>BusyIndicator</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="127"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="32"/>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="67"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="40"/>
        <source>At least 8 characters (12 recommended); not a common password; must not contain your login.</source>
        <translation>至少 8 个字符（建议 12 个）；不能是常用密码；不能包含您的账号。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="51"/>
        <source>Current password:</source>
        <translation>当前密码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="52"/>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="53"/>
        <source>Repeat new password:</source>
        <translation>确认新密码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="76"/>
        <source>Enter your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="79"/>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="82"/>
        <source>Enter a new password.</source>
        <translation>请输入新密码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/password_dialog.py" line="97"/>
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
</context>
<context>
    <name>ComprehensivePage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="43"/>
        <source>Account no. (资金账号):</source>
        <translation>资金账号：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="44"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="48"/>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="104"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="49"/>
        <source>Show the whole ID number</source>
        <translation>显示完整证件号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="54"/>
        <source>ID number:</source>
        <translation>证件号码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="55"/>
        <source>Gender:</source>
        <translation>性别：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="56"/>
        <source>Birthday:</source>
        <translation>出生日期：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="57"/>
        <source>Opened:</source>
        <translation>开户日期：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="58"/>
        <source>Branch (营业部):</source>
        <translation>营业部：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="59"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="60"/>
        <source>Counter mobile:</source>
        <translation>柜台手机号码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="70"/>
        <source>Comprehensive data is a copy of the trading counter and cannot be edited here.</source>
        <translation>综合资料取自柜台系统，此处不能修改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="90"/>
        <source> (age %1)</source>
        <translation> （%1岁）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="96"/>
        <source>From the T+1 load of %1</source>
        <translation>数据来源：%1 的T+1数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="98"/>
        <source> (loaded %1)</source>
        <translation> （加载于 %1）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="104"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="31"/>
        <source>Changed by someone else</source>
        <translation>资料已被他人修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="35"/>
        <source>someone</source>
        <translation>其他人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="36"/>
        <source>%1 saved this customer&apos;s extended data at %2, after you opened it. Choose which version to keep.</source>
        <translation>在您打开后，%1 于 %2 保存了该客户的扩展资料。请选择保留哪个版本。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="44"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="44"/>
        <source>Theirs (saved)</source>
        <translation>对方的版本（已保存）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="44"/>
        <source>Mine (not saved)</source>
        <translation>我的版本（未保存）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="71"/>
        <source>Both versions have the same values.</source>
        <translation>两个版本的内容相同。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="81"/>
        <source>Highlighted: what each side changed. “Keep mine” saves only your changes; their other changes stay.</source>
        <translation>高亮部分为双方各自修改的内容。“保留我的”只保存您修改的字段，对方的其他修改仍然保留。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="87"/>
        <source>Keep mine (overwrite)</source>
        <translation>保留我的（覆盖）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/conflict.py" line="88"/>
        <source>Take theirs</source>
        <translation>采用对方的</translation>
    </message>
</context>
<context>
    <name>CustomerDetail</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="34"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="35"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="39"/>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="40"/>
        <source>Dormant</source>
        <translation>休眠</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="41"/>
        <source>Closed</source>
        <translation>已销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="45"/>
        <source>Development</source>
        <translation>开发关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="46"/>
        <source>Service</source>
        <translation>服务关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="50"/>
        <source>Current</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="51"/>
        <source>Released</source>
        <translation>已解除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="55"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="72"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="56"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="64"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="73"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="57"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="67"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="75"/>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="58"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="63"/>
        <source>Visit</source>
        <translation>面访</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="59"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="65"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="66"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="68"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="74"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="76"/>
        <source>Preferred contact</source>
        <translation>首选联系方式</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="77"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="83"/>
        <source>Enter an 11-digit mainland mobile number, e.g. 13800138000.</source>
        <translation>请输入11位中国大陆手机号码，例如 13800138000。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="85"/>
        <source>Enter an email address such as name@example.com.</source>
        <translation>请输入电子邮件地址，例如 name@example.com。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="87"/>
        <source>Choose one of the listed values.</source>
        <translation>请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="89"/>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="91"/>
        <source>Too long.</source>
        <translation>内容过长。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="93"/>
        <source>The follow-up date is before the visit.</source>
        <translation>下次跟进日期早于拜访时间。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="94"/>
        <source>Invalid value.</source>
        <translation>取值无效。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="143"/>
        <source>Staff #%1</source>
        <translation>员工 #%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="161"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="162"/>
        <source>The extended data has unsaved changes. Save them?</source>
        <translation>扩展资料有未保存的修改。是否保存？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="177"/>
        <source>Visit changed</source>
        <translation>拜访记录已被修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="178"/>
        <source>This visit was changed elsewhere (%1) after you opened it.</source>
        <translation>在您打开后，该拜访记录已在别处被修改（%1）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="181"/>
        <source>Keep mine (overwrite)</source>
        <translation>保留我的（覆盖）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="182"/>
        <source>Take theirs</source>
        <translation>采用对方的</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="190"/>
        <source>Delete visit</source>
        <translation>删除拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="192"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>CustomerDetailDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="48"/>
        <source>Customer %1</source>
        <translation>客户 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="72"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="73"/>
        <source>Reload from the server (F5)</source>
        <translation>从服务器重新加载（F5）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="106"/>
        <source>Comprehensive data</source>
        <translation>综合资料</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="107"/>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="247"/>
        <source>Extended data</source>
        <translation>扩展资料</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="108"/>
        <source>Assets and trading</source>
        <translation>资产与交易</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="109"/>
        <source>Relationships and VIP</source>
        <translation>经纪关系与贵宾等级</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="110"/>
        <source>Visits</source>
        <translation>拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="211"/>
        <source>This customer does not exist or is not visible to you.</source>
        <translation>该客户不存在，或您无权查看。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="215"/>
        <source>Could not load: the connection was lost. Press Refresh to try again.</source>
        <translation>加载失败：连接已断开。请点击“刷新”重试。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="224"/>
        <source>%1 (%2) — Customer</source>
        <translation>%1（%2）— 客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="226"/>
        <source>Account %1 · %2 (%3)</source>
        <translation>资金账号 %1 · %2（%3）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="232"/>
        <source>VIP level on %1</source>
        <translation>%1 的贵宾等级</translation>
    </message>
</context>
<context>
    <name>CustomersTab</name>
    <message>
        <location filename="../../crm_desktop/ui/customers_tab.py" line="43"/>
        <source>Account number, mobile, ID number or name…</source>
        <translation>资金账号、手机号码、证件号码或姓名…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers_tab.py" line="46"/>
        <source>Public pool only (公有客户)</source>
        <translation>仅公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers_tab.py" line="50"/>
        <source>Exact count</source>
        <translation>精确统计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers_tab.py" line="130"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers_tab.py" line="142"/>
        <source>%1 customers</source>
        <translation>共 %1 名客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers_tab.py" line="142"/>
        <source>about %1 customers</source>
        <translation>约 %1 名客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers_tab.py" line="150"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
</context>
<context>
    <name>DateRangeFilter</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="139"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="141"/>
        <source>To</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>ExtendedPage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="143"/>
        <source>Mobile:</source>
        <translation>手机号码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="143"/>
        <source>11 digits, e.g. 13800138000</source>
        <translation>11位数字，例如 13800138000</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="144"/>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="144"/>
        <source>e.g. 010-66881234</source>
        <translation>例如 010-66881234</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="145"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="146"/>
        <source>Email:</source>
        <translation>电子邮件：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="148"/>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="152"/>
        <source>Preferred contact:</source>
        <translation>首选联系方式：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="157"/>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="164"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="167"/>
        <source>Revert</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="168"/>
        <source>Discard your edits</source>
        <translation>放弃您所做的修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="170"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="171"/>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="261"/>
        <source>Counter mobile: %1</source>
        <translation>柜台手机号码：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="263"/>
        <source>Read only: only customers in a brokerage relationship with you or your team can be edited.</source>
        <translation>只读：只能修改与您或您的团队有经纪关系的客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="266"/>
        <source>Read only: this customer has no extended data record yet (it is created by the T+1 load).</source>
        <translation>只读：该客户尚无扩展资料记录（将在T+1数据加载时创建）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="277"/>
        <source>Never modified</source>
        <translation>从未修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="280"/>
        <source>Last modified by %1 at %2</source>
        <translation>最后修改：%2，修改人：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="349"/>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="411"/>
        <source>Please correct the fields marked in red.</source>
        <translation>请更正标红的字段。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="359"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="372"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="396"/>
        <source>Showing the other version; your edits were discarded.</source>
        <translation>已显示对方的版本；您的修改已放弃。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="400"/>
        <source>Not saved: someone else changed this customer. Save again to choose.</source>
        <translation>未保存：其他人修改了该客户的资料。请再次保存，选择要保留的版本。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="413"/>
        <source>Not saved: the connection was lost. Your edits are kept.</source>
        <translation>未保存：连接已断开。您的修改已保留。</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="73"/>
        <source>Last %1 trading days</source>
        <translation>最近 %1 个交易日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="79"/>
        <source>Period:</source>
        <translation>时间范围：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="94"/>
        <source>Date</source>
        <translation>交易日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="95"/>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="164"/>
        <source>Total assets</source>
        <translation>总资产</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="96"/>
        <source>Market value</source>
        <translation>市值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="97"/>
        <source>Cash</source>
        <translation>资金余额</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="98"/>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="172"/>
        <source>Trade volume</source>
        <translation>成交额</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="99"/>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="178"/>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="100"/>
        <source>Net commission</source>
        <translation>净佣金</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="101"/>
        <source>Profit/loss</source>
        <translation>盈亏</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="142"/>
        <source>%1 to %2: trade volume %3, commission %4 (CNY)</source>
        <translation>%1 至 %2：成交额 %3，佣金 %4（元）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="146"/>
        <source>No daily data loaded for this customer.</source>
        <translation>该客户暂无已加载的每日数据。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="154"/>
        <source>No daily data</source>
        <translation>暂无每日数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="166"/>
        <source>Assets (10k CNY)</source>
        <translation>资产（万元）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="173"/>
        <source>Volume (10k CNY)</source>
        <translation>成交额（万元）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="179"/>
        <source>Commission (CNY)</source>
        <translation>佣金（元）</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="86"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="94"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="97"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="103"/>
        <source>Locked — %1</source>
        <translation>已锁定 — %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="41"/>
        <source>Branch CRM — Sign in</source>
        <translation>营业部CRM — 登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="45"/>
        <source>Branch CRM</source>
        <translation>营业部CRM</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="59"/>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="60"/>
        <source>employee login</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="61"/>
        <source>Login:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="63"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="67"/>
        <source>Remember my login</source>
        <translation>记住账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="68"/>
        <source>Remember my password</source>
        <translation>记住密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="82"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="96"/>
        <source>Forgot password?</source>
        <translation>忘记密码？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="100"/>
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="102"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="126"/>
        <source>This PC (embedded demo database)</source>
        <translation>本机（内置演示数据库）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="150"/>
        <source>Starting the local database…</source>
        <translation>正在启动本地数据库…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="152"/>
        <source>staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="152"/>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="153"/>
        <source>extended customer data</source>
        <translation>客户扩展信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="154"/>
        <source>daily trading figures</source>
        <translation>每日交易数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="154"/>
        <source>indexes</source>
        <translation>索引</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="155"/>
        <source>statistics</source>
        <translation>统计信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="159"/>
        <source>Creating demo data (first start only): %1</source>
        <translation>正在生成演示数据（仅首次启动）：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="179"/>
        <source>The system is under maintenance: %1</source>
        <translation>系统维护中：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="203"/>
        <source>Enter your login and password.</source>
        <translation>请输入账号和密码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="230"/>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="255"/>
        <source>This is your first sign-in or your password was reset: choose your own password.</source>
        <translation>这是您首次登录或密码已被重置：请设置您自己的密码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="258"/>
        <source>You must change your password before you can continue.</source>
        <translation>您必须先修改密码才能继续。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="275"/>
        <source>Your branch administrator %1 can reset your password. You will get a temporary password to change at the next sign-in.</source>
        <translation>营业部管理员 %1 可以为您重置密码。您将获得一个临时密码，下次登录时须修改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="279"/>
        <source>Your branch administrator can reset your password. Enter your login first to see who that is.</source>
        <translation>营业部管理员可以为您重置密码。请先输入账号，以查看您的管理员是谁。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="281"/>
        <source>Forgot password</source>
        <translation>忘记密码</translation>
    </message>
</context>
<context>
    <name>LoginEventsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="37"/>
        <source>Login events</source>
        <translation>登录日志</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="39"/>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="40"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="41"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="42"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="43"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="44"/>
        <source>Host</source>
        <translation>主机名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="45"/>
        <source>MACs</source>
        <translation>MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="46"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="53"/>
        <source>Login contains…</source>
        <translation>账号包含…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="56"/>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="60"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="92"/>
        <source>Showing the newest %1 events only: narrow the filter to see older ones.</source>
        <translation>仅显示最新的 %1 条日志：缩小筛选范围可查看更早的日志。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="96"/>
        <source>%1 events</source>
        <translation>共 %1 条日志</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="132"/>
        <source>Branch CRM — %1</source>
        <translation>营业部CRM — %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="173"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="174"/>
        <source>Reminders</source>
        <translation>今日提醒</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="175"/>
        <source>今日提醒 Reminders: birthdays and new accounts arrive with a later issue.</source>
        <translation>今日提醒：客户生日和新开户提醒将在后续需求中提供。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="176"/>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="177"/>
        <source>审批 Approvals arrive with issue #5.</source>
        <translation>审批：将在 #5 号需求中提供。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="180"/>
        <source>Analysis</source>
        <translation>多维分析</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="181"/>
        <source>多维分析 Analysis arrives with issue #6.</source>
        <translation>多维分析：将在 #6 号需求中提供。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="185"/>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="198"/>
        <source>&amp;Account</source>
        <translation>账号(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="199"/>
        <source>Change password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="201"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="203"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="205"/>
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="212"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="219"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="220"/>
        <location filename="../../crm_desktop/ui/main_window.py" line="400"/>
        <source>About Branch CRM</source>
        <translation>关于营业部CRM</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="229"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="230"/>
        <source>T+1 data: %1</source>
        <translation>T+1数据：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="240"/>
        <source>Server: embedded demo</source>
        <translation>服务器：内置演示库</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="241"/>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="244"/>
        <source>● connected</source>
        <translation>● 已连接</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="244"/>
        <source>● disconnected</source>
        <translation>● 已断开</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="260"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="261"/>
        <source>Some tabs have unsaved changes. Save them before signing out?</source>
        <translation>部分页面有未保存的修改。退出登录前是否保存？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="311"/>
        <source>Wrong password (%1 of %2 tries).</source>
        <translation>密码错误（第 %1 次，共 %2 次机会）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="392"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="392"/>
        <source>Your password was changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="396"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="397"/>
        <source>The language changes the next time the application starts.</source>
        <translation>语言将在下次启动程序时生效。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="401"/>
        <source>Branch CRM %1
Server: PostgreSQL %2
Profile: %3
Data directory: %4</source>
        <translation>营业部CRM %1
服务器：PostgreSQL %2
连接配置：%3
数据目录：%4</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="14"/>
        <source>Wrong login or password.</source>
        <translation>账号或密码错误。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="16"/>
        <source>This account is frozen (for example after too many wrong passwords). Please contact your branch administrator to unfreeze it.</source>
        <translation>该账号已被冻结（例如密码输错次数过多）。请联系营业部管理员解冻。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="19"/>
        <source>This account is closed or frozen. Please contact your branch administrator.</source>
        <translation>该账号已销户或已冻结。请联系营业部管理员。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="21"/>
        <source>The temporary password has expired. Please ask your branch administrator for a new one.</source>
        <translation>临时密码已过期。请联系营业部管理员重新获取。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="23"/>
        <source>This PC is not registered for your account. Give the addresses below to your branch administrator, who can bind this PC to your account.</source>
        <translation>本机未登记到您的账号。请将下列地址提供给营业部管理员，由其将本机绑定到您的账号。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="26"/>
        <source>The system is under maintenance: %1</source>
        <translation>系统维护中：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="28"/>
        <source>You must change your password before you can continue.</source>
        <translation>您必须先修改密码才能继续。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="30"/>
        <source>This login is not a CRM staff account.</source>
        <translation>该账号不是 CRM 员工账号。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="32"/>
        <source>The server refused the new password: %1</source>
        <translation>服务器拒绝了新密码：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="34"/>
        <source>The server cannot be reached. Check the network and try again.
(%1)</source>
        <translation>无法连接服务器。请检查网络后重试。
（%1）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="36"/>
        <source>The server ended your session (an administrator, a time limit or a frozen account). Your unsaved work is kept: sign in again to continue.</source>
        <translation>服务器已结束您的会话（管理员操作、超时或账号被冻结）。未保存的内容已保留，请重新登录后继续。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="39"/>
        <source>You are not permitted to do this: %1</source>
        <translation>您无权执行此操作：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="41"/>
        <source>Not found, or not visible to you: %1</source>
        <translation>未找到，或您无权查看：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="43"/>
        <source>Invalid input: %1</source>
        <translation>输入无效：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="45"/>
        <source>Already exists: %1</source>
        <translation>已存在：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="49"/>
        <source>Administrator: %1</source>
        <translation>管理员：%1</translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="35"/>
        <source>Policy</source>
        <translation>安全策略</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="49"/>
        <source>Sign-in and lockout</source>
        <translation>登录与锁定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="51"/>
        <source> failures</source>
        <translation> 次失败</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="52"/>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="65"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="53"/>
        <source> characters</source>
        <translation> 个字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="54"/>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="66"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="55"/>
        <source>Allow “remember my password” on PCs</source>
        <translation>允许在电脑上“记住密码”</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="57"/>
        <source>Lock an account after:</source>
        <translation>账号锁定阈值：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="58"/>
        <source>…wrong passwords within:</source>
        <translation>…统计时间窗口：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="59"/>
        <source>Minimum password length:</source>
        <translation>密码最短长度：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="60"/>
        <source>Temporary passwords valid for:</source>
        <translation>临时密码有效期：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="63"/>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="67"/>
        <source>Lock and sign out when idle for:</source>
        <translation>空闲超时（锁定并退出）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="68"/>
        <source>Longest session:</source>
        <translation>会话最长时间：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="70"/>
        <source>Maintenance (系统维护)</source>
        <translation>系统维护</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="72"/>
        <source>System under maintenance: only administrators may sign in</source>
        <translation>系统维护中：仅管理员可登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="75"/>
        <source>Message shown at sign-in</source>
        <translation>登录时显示的提示信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="77"/>
        <source>Message:</source>
        <translation>提示信息：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="82"/>
        <source>Only HQ administrators can change the policy; you see it read-only.</source>
        <translation>只有总部管理员可以修改安全策略；您只能查看。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="88"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="90"/>
        <source>Revert</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="92"/>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="149"/>
        <source>Last changed %1 by %2</source>
        <translation>最后修改：%1，修改人：%2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="161"/>
        <source>Only HQ administrators can change the policy.</source>
        <translation>只有总部管理员可以修改安全策略。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="184"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="191"/>
        <source>Save policy</source>
        <translation>保存安全策略</translation>
    </message>
</context>
<context>
    <name>RelationsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="48"/>
        <source>Kind</source>
        <translation>关系类型</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="50"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="51"/>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="62"/>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="52"/>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="53"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="61"/>
        <source>VIP level</source>
        <translation>贵宾等级</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="63"/>
        <source>To (last day)</source>
        <translation>截止日期（含当日）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="64"/>
        <source>Trading days</source>
        <translation>交易日数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="69"/>
        <source>Derived from total assets on each trading day (T+1 data).</source>
        <translation>根据每个交易日的总资产（T+1数据）评定。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="76"/>
        <source>Relationships (经纪关系)</source>
        <translation>经纪关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="78"/>
        <source>VIP level history (贵宾)</source>
        <translation>贵宾等级历史</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="82"/>
        <source>Customer groups (客户群)</source>
        <translation>客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="98"/>
        <source>Customer groups are not available yet.</source>
        <translation>客户群功能暂未提供。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="102"/>
        <source>Not in any group.</source>
        <translation>未加入任何客户群。</translation>
    </message>
</context>
<context>
    <name>SessionsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="24"/>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="26"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="27"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="28"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="29"/>
        <source>Host</source>
        <translation>主机名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="30"/>
        <source>MACs</source>
        <translation>MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="31"/>
        <source>Address</source>
        <translation>IP地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="32"/>
        <source>Since</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="33"/>
        <source>Idle for</source>
        <translation>空闲时长</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="34"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="35"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="42"/>
        <source>Include closed sessions</source>
        <translation>包括已结束的会话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="46"/>
        <source>End session…</source>
        <translation>结束会话…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="47"/>
        <source>Sign this session out now (the user sees why)</source>
        <translation>立即强制退出此会话（用户会看到原因）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="49"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="71"/>
        <source>Open (your own)</source>
        <translation>在线（本人）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="71"/>
        <source>Open</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="72"/>
        <source>Closed %1: %2</source>
        <translation>已结束 %1：%2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="82"/>
        <source>%1 open</source>
        <translation>在线 %1 个</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="84"/>
        <source>newest %1 shown</source>
        <translation>仅显示最新 %1 条</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="107"/>
        <source>End the session of %1 (%2) on %3? The program there is signed out at once; unsaved work is kept until they sign in again.</source>
        <translation>结束 %1（%2）在 %3 上的会话？该电脑上的程序将立即退出登录；未保存的内容会保留到其重新登录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="111"/>
        <source>This is one of your own sessions.</source>
        <translation>这是您本人的会话。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="112"/>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="114"/>
        <source>End session</source>
        <translation>结束会话</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="68"/>
        <source>New staff account</source>
        <translation>新建员工账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="69"/>
        <source>Edit permissions — %1</source>
        <translation>修改权限 — %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="75"/>
        <source>e.g. zhang_wei</source>
        <translation>例如 zhang_wei</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="86"/>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="95"/>
        <source>Login:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="87"/>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="96"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="88"/>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="97"/>
        <source>Branch (营业部):</source>
        <translation>营业部：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="89"/>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="100"/>
        <source>Type:</source>
        <translation>员工类型：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="99"/>
        <source>A change of staff type goes through approval.</source>
        <translation>变更员工类型需经审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="106"/>
        <source>Superior (上级员工):</source>
        <translation>上级员工：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="111"/>
        <source>Customer scope (客户范围):</source>
        <translation>客户范围：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="112"/>
        <source>Include the public pool (公有客户)</source>
        <translation>包括公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="114"/>
        <source>Sign-in only from bound PCs (MAC binding)</source>
        <translation>仅允许在已绑定的电脑上登录（MAC地址绑定）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="126"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="126"/>
        <source>Approval posts (审批岗)</source>
        <translation>审批岗</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="127"/>
        <source>Extra branches (营业部范围)</source>
        <translation>附加营业部范围</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="151"/>
        <source>Create account</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="151"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="177"/>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="201"/>
        <source>(none)</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="249"/>
        <source>The login must be 3-32 characters: a-z first, then a-z, 0-9 or _.</source>
        <translation>账号须为 3-32 个字符：以 a-z 开头，其后为 a-z、0-9 或 _。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="253"/>
        <source>Enter the name.</source>
        <translation>请输入姓名。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="257"/>
        <source>You administer no branch.</source>
        <translation>您没有管理任何营业部。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="264"/>
        <source>Nothing changed.</source>
        <translation>没有任何修改。</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="110"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="242"/>
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="127"/>
        <source>Filter: login, name, role, MAC…</source>
        <translation>筛选：账号、姓名、角色、MAC…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="132"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="132"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="132"/>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="133"/>
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="133"/>
        <source>Closed (销户)</source>
        <translation>已销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="133"/>
        <source>Not closed</source>
        <translation>未销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="140"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="141"/>
        <source>New account…</source>
        <translation>新建账号…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="142"/>
        <source>Edit permissions…</source>
        <translation>修改权限…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="143"/>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="144"/>
        <source>Freeze…</source>
        <translation>冻结…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="145"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="455"/>
        <source>Unfreeze</source>
        <translation>解冻</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="146"/>
        <source>Close account (销户)…</source>
        <translation>销户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="147"/>
        <source>Bind MAC…</source>
        <translation>绑定MAC地址…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="148"/>
        <source>Unbind MAC…</source>
        <translation>解绑MAC地址…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="149"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="309"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="514"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="520"/>
        <source>Bind refused PC</source>
        <translation>绑定被拒电脑</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="150"/>
        <source>Bind the MAC addresses of this account&apos;s last refused sign-in</source>
        <translation>绑定该账号最近一次被拒登录所用电脑的MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="151"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="211"/>
        <source> + public pool</source>
        <translation> + 公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="218"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="219"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="220"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="221"/>
        <source>Type</source>
        <translation>员工类型</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="222"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="224"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="226"/>
        <source>Superior</source>
        <translation>上级员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="228"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="229"/>
        <source>Posts (审批岗)</source>
        <translation>审批岗</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="230"/>
        <source>Scope (客户范围)</source>
        <translation>客户范围</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="231"/>
        <source>Bound MACs</source>
        <translation>已绑定MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="233"/>
        <source>Last login</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="282"/>
        <source>%1 staff</source>
        <translation>共 %1 名员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="283"/>
        <source>%1 of %2 staff</source>
        <translation>%1 / %2 名员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="308"/>
        <source>Bind refused PC (%1)</source>
        <translation>绑定被拒电脑（%1）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="315"/>
        <source>superior: %1</source>
        <translation>上级：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="317"/>
        <source>frozen: %1</source>
        <translation>冻结原因：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="319"/>
        <source>temporary password valid until %1</source>
        <translation>临时密码有效期至 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="321"/>
        <source>MAC binding not required</source>
        <translation>无需绑定MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="324"/>
        <source>last refused PC: %1</source>
        <translation>最近被拒电脑：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="326"/>
        <source>closed %1</source>
        <translation>销户于 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="327"/>
        <source>created %1</source>
        <translation>创建于 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="383"/>
        <source>Not connected: sign in again, then retry.</source>
        <translation>未连接：请重新登录后重试。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="428"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="431"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="433"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="429"/>
        <source>Give %1 (%2) a new temporary password? Their current password stops working and they are signed out now.</source>
        <translation>为 %1（%2）重置临时密码？其当前密码将立即失效，并被强制退出登录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="441"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="447"/>
        <source>Freeze account</source>
        <translation>冻结账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="442"/>
        <source>Freeze %1 (%2)? They are signed out now and cannot sign in until unfrozen.
Reason (optional):</source>
        <translation>冻结 %1（%2）？该员工将被立即退出登录，解冻前无法登录。
原因（可选）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="453"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="457"/>
        <source>Unfreeze account</source>
        <translation>解冻账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="454"/>
        <source>Unfreeze %1 (%2)? They can sign in again.</source>
        <translation>解冻 %1（%2）？解冻后该员工可重新登录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="464"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="470"/>
        <source>Close account (销户)</source>
        <translation>销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="465"/>
        <source>Close the account of %1 (%2)? They can never sign in again. The account and its history (customers, approvals, audit) are kept; it cannot be reopened.
Live customer relationships and subordinates must be handed over first.</source>
        <translation>为 %1（%2）销户？销户后将永远无法登录。账号及其历史记录（客户、审批、审计）会保留，但不能重新启用。
须先移交其现有的客户服务关系和下属员工。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="468"/>
        <source>Close account</source>
        <translation>销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="477"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="483"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="487"/>
        <source>Bind MAC</source>
        <translation>绑定MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="478"/>
        <source>MAC address of the PC to bind to %1 (e.g. 00-1A-2B-3C-4D-5E):</source>
        <translation>要绑定到 %1 的电脑的MAC地址（例如 00-1A-2B-3C-4D-5E）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="484"/>
        <source>&quot;%1&quot; is not a MAC address (six hex pairs, e.g. 00-1A-2B-3C-4D-5E)</source>
        <translation>“%1”不是有效的MAC地址（应为六组十六进制数，例如 00-1A-2B-3C-4D-5E）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="496"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="500"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="504"/>
        <source>Unbind MAC</source>
        <translation>解绑MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="496"/>
        <source>Unbind %1 from %2? That PC can no longer be used to sign in to this account.</source>
        <translation>将 %1 从 %2 解绑？解绑后将无法再用该电脑登录此账号。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="498"/>
        <source>Unbind</source>
        <translation>解绑</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="501"/>
        <source>MAC address to unbind from %1:</source>
        <translation>要从 %1 解绑的MAC地址：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="515"/>
        <source>The last sign-in of %1 was refused on a PC with these addresses:
%2

Bind that PC to the account?</source>
        <translation>%1 最近一次登录被拒，所用电脑的地址为：
%2

将该电脑绑定到此账号？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="517"/>
        <source>Bind</source>
        <translation>绑定</translation>
    </message>
</context>
<context>
    <name>TemporaryPasswordDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="291"/>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="294"/>
        <source>Temporary password for %1 (%2):</source>
        <translation>%1（%2）的临时密码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="303"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="312"/>
        <source>It is shown only this once. It expires in %1 h (at %2) and must be changed at the first sign-in.</source>
        <translation>该密码仅显示这一次，将在 %1 小时后（%2）过期，首次登录时必须修改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_dialogs.py" line="331"/>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="48"/>
        <source>Edit visit</source>
        <translation>修改拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="48"/>
        <source>Add visit</source>
        <translation>新增拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="58"/>
        <source>What was discussed, what the customer wants…</source>
        <translation>沟通内容、客户需求…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="59"/>
        <source>Next follow-up:</source>
        <translation>下次跟进：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="84"/>
        <source>Time:</source>
        <translation>拜访时间：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="85"/>
        <source>Channel:</source>
        <translation>拜访方式：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="86"/>
        <source>Content:</source>
        <translation>拜访内容：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="124"/>
        <source>Time</source>
        <translation>拜访时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="124"/>
        <source>Channel</source>
        <translation>拜访方式</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="124"/>
        <source>Content</source>
        <translation>拜访内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="125"/>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="155"/>
        <source>Time</source>
        <translation>拜访时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="156"/>
        <source>Channel</source>
        <translation>拜访方式</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="157"/>
        <source>Content</source>
        <translation>拜访内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="158"/>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="160"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="171"/>
        <source>Add visit…</source>
        <translation>新增拜访记录…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="172"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="173"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="181"/>
        <source>You can change only your own visits (others are grey).</source>
        <translation>只能修改您本人的拜访记录（他人的记录显示为灰色）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="224"/>
        <source>Only the author can change a visit.</source>
        <translation>只有记录人本人可以修改拜访记录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="285"/>
        <source>Delete the visit of %1?

%2</source>
        <translation>删除 %1 的拜访记录？

%2</translation>
    </message>
</context>
</TS>
