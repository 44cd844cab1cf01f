<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddToGroupDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="45"/>
        <source>Add to customer group</source>
        <translation>加入客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="55"/>
        <source>Name of the new group</source>
        <translation>新客户群名称</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="57"/>
        <source>Customers already in the group are skipped. Only customers you can see are added.</source>
        <translation>已在该客户群中的客户将被跳过；仅加入您有权查看的客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="66"/>
        <source>Add</source>
        <translation>加入</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="75"/>
        <source>Group:</source>
        <translation>客户群：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="76"/>
        <source>New group:</source>
        <translation>新客户群：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="122"/>
        <source>Add the %1 selected customers to a group.</source>
        <translation>将所选的 %1 名客户加入客户群。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="124"/>
        <source>%1 further selected rows are not loaded yet and are left out: scroll through them first, or select the whole list (Ctrl+A).</source>
        <translation>另有 %1 行选中的记录尚未加载，不会加入：请先滚动浏览这些行，或全选整个列表（Ctrl+A）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="129"/>
        <source>Counting the customers of the current list…</source>
        <translation>正在统计当前列表的客户数…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="131"/>
        <source>Add all %1 customers of the current list (filter and search) to a group.</source>
        <translation>将当前列表（过滤及查询结果）的全部 %1 名客户加入客户群。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="134"/>
        <source>Filter: %1</source>
        <translation>过滤条件：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="148"/>
        <source>%1 (%2 members)</source>
        <translation>%1（%2 名成员）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="150"/>
        <source>New group…</source>
        <translation>新建客户群…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="176"/>
        <source>There is nothing to add.</source>
        <translation>没有可加入的客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="190"/>
        <source>Adding %1 customers…</source>
        <translation>正在加入 %1 名客户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="191"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="208"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="222"/>
        <source>Stopped: nothing was added.</source>
        <translation>已停止：未加入任何客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="223"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Admin</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="32"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="32"/>
        <source>Staff roles</source>
        <translation>员工角色</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="32"/>
        <source>Approval posts</source>
        <translation>员工审批岗</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="33"/>
        <source>Branch scope</source>
        <translation>营业部范围</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="33"/>
        <source>MAC bindings</source>
        <translation>MAC地址绑定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="33"/>
        <source>Policy</source>
        <translation>安全策略</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="34"/>
        <source>Customer extended data</source>
        <translation>客户扩展信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="34"/>
        <source>Relationships</source>
        <translation>客户服务关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="35"/>
        <source>Visits</source>
        <translation>拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="35"/>
        <source>Approval flow steps</source>
        <translation>审批流程步骤</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="36"/>
        <source>Approval requests</source>
        <translation>审批申请</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="37"/>
        <source>Approval decisions</source>
        <translation>审批决定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="37"/>
        <source>Reservations</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="38"/>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="38"/>
        <source>Customer groups</source>
        <translation>客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="39"/>
        <source>Exports</source>
        <translation>数据导出</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="39"/>
        <source>Analysis layouts</source>
        <translation>分析布局</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="40"/>
        <source>Sales targets</source>
        <translation>销售任务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="41"/>
        <source>Contribution weights</source>
        <translation>贡献度权重</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="42"/>
        <source>Security refusals</source>
        <translation>安全拒绝</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="43"/>
        <source>Pool recycling policy</source>
        <translation>公共池回收策略</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="44"/>
        <source>Pool recycling reversals</source>
        <translation>公共池回收（撤销）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="45"/>
        <source>Branches</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="46"/>
        <source>VIP thresholds</source>
        <translation>贵宾门槛</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="47"/>
        <source>Default asset ranges</source>
        <translation>默认资产区间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="54"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="54"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="54"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="55"/>
        <source>Branch no.</source>
        <translation>营业部编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="55"/>
        <source>Staff type</source>
        <translation>员工类型</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="56"/>
        <source>Superior no.</source>
        <translation>上级员工编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="56"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="57"/>
        <source>Reason frozen</source>
        <translation>冻结原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="57"/>
        <source>Customer scope</source>
        <translation>客户范围</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="58"/>
        <source>Public pool</source>
        <translation>公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="59"/>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="24"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="97"/>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="60"/>
        <source>Password expires</source>
        <translation>密码到期时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="61"/>
        <source>MAC binding required</source>
        <translation>须绑定MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="62"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="62"/>
        <source>Created by</source>
        <translation>创建人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="63"/>
        <source>Closed</source>
        <translation>销户时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="63"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="64"/>
        <source>Staff no.</source>
        <translation>员工编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="64"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="65"/>
        <source>Approval post</source>
        <translation>审批岗</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="65"/>
        <source>MAC address</source>
        <translation>MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="66"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="66"/>
        <source>Bound</source>
        <translation>绑定时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="67"/>
        <source>Bound by</source>
        <translation>绑定人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="67"/>
        <source>Customer no.</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="68"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="68"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="69"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="69"/>
        <source>Email</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="70"/>
        <source>Preferred contact</source>
        <translation>首选联系方式</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="70"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="71"/>
        <source>Modified by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="71"/>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="72"/>
        <source>Kind</source>
        <translation>关系类型</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="72"/>
        <source>Valid from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="73"/>
        <source>Valid to</source>
        <translation>失效日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="73"/>
        <source>Released</source>
        <translation>解除时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="74"/>
        <source>Released by</source>
        <translation>解除人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="74"/>
        <source>Visited</source>
        <translation>拜访时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="75"/>
        <source>Channel</source>
        <translation>拜访方式</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="75"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="76"/>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="77"/>
        <source>Lock after wrong passwords</source>
        <translation>密码输错锁定次数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="78"/>
        <source>Lockout window (min)</source>
        <translation>锁定统计时段（分钟）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="79"/>
        <source>Idle lock (min)</source>
        <translation>空闲锁定（分钟）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="80"/>
        <source>Server idle timeout (s)</source>
        <translation>服务器空闲超时（秒）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="81"/>
        <source>Longest session (h)</source>
        <translation>会话最长时间（小时）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="82"/>
        <source>Minimum password length</source>
        <translation>密码最短长度</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="83"/>
        <source>Temporary password valid (h)</source>
        <translation>临时密码有效期（小时）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="84"/>
        <source>Remember password allowed</source>
        <translation>允许记住密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="85"/>
        <source>Maintenance</source>
        <translation>系统维护</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="85"/>
        <source>Maintenance message</source>
        <translation>维护公告</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="86"/>
        <source>Updated</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="86"/>
        <source>Updated by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="87"/>
        <source>Flow</source>
        <translation>审批流程</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="87"/>
        <source>Staff concerned no.</source>
        <translation>相关员工编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="88"/>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="88"/>
        <source>Reservation no.</source>
        <translation>预约编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="89"/>
        <source>Request details</source>
        <translation>申请内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="89"/>
        <source>Approval posts in order</source>
        <translation>审批岗顺序</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="90"/>
        <source>Current step</source>
        <translation>当前步骤</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="90"/>
        <source>Current approval post</source>
        <translation>当前审批岗</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="91"/>
        <source>Requested</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="91"/>
        <source>Decided</source>
        <translation>决定时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="92"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="92"/>
        <source>Request no.</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="93"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="93"/>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="94"/>
        <source>Decided by</source>
        <translation>决定人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="94"/>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="95"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="95"/>
        <source>Name (normalised)</source>
        <translation>姓名（规范化）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="96"/>
        <source>ID number (normalised)</source>
        <translation>证件号码（规范化）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="97"/>
        <source>Mobile (normalised)</source>
        <translation>手机（规范化）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="97"/>
        <source>Registered on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="98"/>
        <source>Matching window ends</source>
        <translation>匹配截止日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="98"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="99"/>
        <source>Reason details</source>
        <translation>原因说明</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="99"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="100"/>
        <source>Actor</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="100"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="101"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="101"/>
        <source>Finished</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="102"/>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="102"/>
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="103"/>
        <source>Shared</source>
        <translation>共享</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="103"/>
        <source>Decided steps (staff no.)</source>
        <translation>已审批步骤（员工编号）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="104"/>
        <source>First lock (min)</source>
        <translation>首次锁定（分钟）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="105"/>
        <source>Longest lock (min)</source>
        <translation>最长锁定（分钟）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="106"/>
        <source>Locks before freezing</source>
        <translation>冻结前锁定次数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="107"/>
        <source>Longest transaction (s)</source>
        <translation>最长事务（秒）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="108"/>
        <source>Refusal</source>
        <translation>拒绝原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="108"/>
        <source>Server message</source>
        <translation>服务器消息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="109"/>
        <source>Client address</source>
        <translation>客户端地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="110"/>
        <source>Further refusals not recorded</source>
        <translation>未逐条记录的拒绝次数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="111"/>
        <source>Recorded per hour at most</source>
        <translation>每小时最多记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="112"/>
        <source>Why released</source>
        <translation>解除原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="112"/>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="113"/>
        <source>Days without contact</source>
        <translation>未联系天数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="113"/>
        <source>Warning days</source>
        <translation>提前提醒天数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="114"/>
        <source>On since</source>
        <translation>启用日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="114"/>
        <source>Reversed</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="115"/>
        <source>Reversed by</source>
        <translation>撤销人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="115"/>
        <source>Reason for reversal</source>
        <translation>撤销原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="116"/>
        <source>VIP threshold (cents)</source>
        <translation>贵宾门槛（分）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="117"/>
        <source>Asset range edges (cents)</source>
        <translation>资产区间分界点（分）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="123"/>
        <source>Insufficient privilege</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="124"/>
        <source>Four eyes (nobody decides for themselves)</source>
        <translation>四眼原则（不得为自己决定）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="125"/>
        <source>Staff type cannot hold customer relationships</source>
        <translation>该员工类型不能持有客户关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="139"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="97"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="139"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="96"/>
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="140"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="98"/>
        <source>Closed (销户)</source>
        <translation>已销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="168"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="168"/>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="168"/>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="169"/>
        <source>refused by the server</source>
        <translation>被服务器拒绝</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="170"/>
        <source>more refusals, not recorded</source>
        <translation>超出上限的拒绝（未逐条记录）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="177"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="177"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="98"/>
        <source>Basic data…</source>
        <translation>基本资料…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="99"/>
        <source>Name, phone, title and team, with their history</source>
        <translation>姓名、电话、职务和团队，以及历次修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="128"/>
        <source>The name is required.</source>
        <translation>姓名不能为空。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="46"/>
        <source>%1 d %2 h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="48"/>
        <source>%1 h %2 min</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="50"/>
        <source>%1 min</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="51"/>
        <source>%1 s</source>
        <translation>%1秒</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="91"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="20"/>
        <source>Signed in</source>
        <translation>登录成功</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="21"/>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="22"/>
        <source>PC not registered (MAC)</source>
        <translation>电脑未登记（MAC）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="23"/>
        <source>Refused: maintenance</source>
        <translation>拒绝：系统维护</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="25"/>
        <source>Account frozen or closed</source>
        <translation>账号已冻结或已销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="26"/>
        <source>Locked (too many failures)</source>
        <translation>已锁定（失败次数过多）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="27"/>
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="28"/>
        <source>Password set outside the policy</source>
        <translation>绕过密码策略设置了密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="29"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="30"/>
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
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="95"/>
        <source>Frozen (lockout)</source>
        <translation>已冻结（输错锁定）</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="261"/>
        <source>Not connected: sign in again, then refresh.</source>
        <translation>未连接：请重新登录后刷新。</translation>
    </message>
</context>
<context>
    <name>Analysis</name>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="38"/>
        <source>Bar</source>
        <translation>柱状图</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="38"/>
        <source>Stacked bar</source>
        <translation>堆积柱状图</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="39"/>
        <source>Line</source>
        <translation>折线图</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="39"/>
        <source>Pie</source>
        <translation>饼图</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="40"/>
        <source>Customer pyramid (by VIP level)</source>
        <translation>客户金字塔（按贵宾等级）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="41"/>
        <source>Funnel</source>
        <translation>漏斗图</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="55"/>
        <location filename="../../crm_desktop/ui/analysis/grid_model.py" line="132"/>
        <location filename="../../crm_desktop/ui/analysis/grid_model.py" line="145"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="102"/>
        <source>Save as PNG…</source>
        <translation>另存为 PNG…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="111"/>
        <source>Chart:</source>
        <translation>图表：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="113"/>
        <source>Value:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="162"/>
        <source>first %1 shown</source>
        <translation>仅显示前 %1 项</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="250"/>
        <source>negative and zero values are left out of a pie</source>
        <translation>饼图不显示负值和零值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="252"/>
        <source>Nothing to show</source>
        <translation>无可显示的数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="304"/>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="305"/>
        <source>chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/chart.py" line="306"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/common.py" line="57"/>
        <source>branch × month summary</source>
        <translation>营业部×月 汇总表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/common.py" line="58"/>
        <source>customer × quarter summary</source>
        <translation>客户×季度 汇总表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/common.py" line="59"/>
        <source>customer × month summary</source>
        <translation>客户×月 汇总表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/common.py" line="60"/>
        <source>daily facts</source>
        <translation>每日明细表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/common.py" line="61"/>
        <source>sales targets</source>
        <translation>销售任务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/common.py" line="69"/>
        <source>no loaded data in this period</source>
        <translation>此期间没有已加载的数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/common.py" line="70"/>
        <source>figures for %1 – %2</source>
        <translation>数据期间 %1 – %2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="28"/>
        <source>Trade date</source>
        <translation>交易日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="28"/>
        <source>Account no.</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="29"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="29"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="30"/>
        <source>VIP level</source>
        <translation>贵宾等级</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="30"/>
        <source>Total assets</source>
        <translation>总资产</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="31"/>
        <source>Market value</source>
        <translation>市值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="31"/>
        <source>Cash</source>
        <translation>资金余额</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="32"/>
        <source>Trade volume</source>
        <translation>成交额</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="33"/>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="34"/>
        <source>Net commission</source>
        <translation>净佣金</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="35"/>
        <source>Interest spread</source>
        <translation>利差</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="35"/>
        <source>Profit/loss</source>
        <translation>盈亏</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="60"/>
        <source>Daily rows — %1</source>
        <translation>每日明细 — %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="70"/>
        <source>%1 rows</source>
        <translation>共 %1 行</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="72"/>
        <source>(the first %1 only)</source>
        <translation>（仅前 %1 行）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="84"/>
        <source>Save layout</source>
        <translation>保存布局</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="86"/>
        <source>Name of the layout</source>
        <translation>布局名称</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="87"/>
        <source>Publish to everyone (shared layout)</source>
        <translation>发布给所有人（共享布局）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="94"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="107"/>
        <source>(shared)</source>
        <translation>（共享）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="122"/>
        <source>Saved layouts</source>
        <translation>已保存的布局</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="126"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="128"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/dialogs.py" line="130"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="28"/>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="28"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="29"/>
        <source>Values</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="29"/>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="50"/>
        <source>Add to %1</source>
        <translation>添加到“%1”</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="73"/>
        <source>Dimensions</source>
        <translation>维度</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="74"/>
        <source>Measures</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="225"/>
        <source>Drag dimensions here (rows)</source>
        <translation>将维度拖到此处（行）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="226"/>
        <source>Drag dimensions here (columns)</source>
        <translation>将维度拖到此处（列）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="227"/>
        <source>Drag measures here</source>
        <translation>将指标拖到此处</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="228"/>
        <source>Drag dimensions here to filter by their members</source>
        <translation>将维度拖到此处，按其成员筛选</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="230"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="233"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="236"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="239"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/fields.py" line="247"/>
        <source>Move to %1</source>
        <translation>移到“%1”</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="21"/>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="21"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="22"/>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="22"/>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="23"/>
        <source>Last 20 trading days</source>
        <translation>最近 20 个交易日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="24"/>
        <source>Custom range</source>
        <translation>自定义范围</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="72"/>
        <source>Period:</source>
        <translation>时间范围：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="137"/>
        <source>Ranking</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="139"/>
        <source>Top</source>
        <translation>前</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="140"/>
        <source>Bottom</source>
        <translation>后</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="143"/>
        <source>Negative only</source>
        <translation>仅限负值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="144"/>
        <source>Rank only the members whose value is below zero (a loss ranking lists losses only)</source>
        <translation>只排名数值小于零的成员（亏损排名只列亏损）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="148"/>
        <source>by</source>
        <translation>按</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="208"/>
        <source>Asset ranges (资产区间)</source>
        <translation>资产区间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="220"/>
        <source>Range edges in 10 000 CNY (万元), ascending, separated by commas. For example 1, 10, 50 gives &lt; 1万, 1万–10万, 10万–50万 and ≥ 50万.</source>
        <translation>区间分界点，单位为万元，按升序排列，以逗号分隔。例如 1, 10, 50 表示 &lt; 1万、1万–10万、10万–50万 和 ≥ 50万 四个区间。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="231"/>
        <source>Enter positive numbers in ascending order.</source>
        <translation>请按升序输入正数。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="244"/>
        <source>Filter: %1</source>
        <translation>筛选：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="247"/>
        <source>Search members…</source>
        <translation>查找成员…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="254"/>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="256"/>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="284"/>
        <source>No members in the selected period.</source>
        <translation>所选时间范围内没有成员。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/filters.py" line="308"/>
        <source>Tick at least one member.</source>
        <translation>请至少勾选一个成员。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_model.py" line="136"/>
        <location filename="../../crm_desktop/ui/analysis/grid_model.py" line="153"/>
        <source>%1 subtotal</source>
        <translation>%1 小计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_model.py" line="147"/>
        <source>Grand total</source>
        <translation>总计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_model.py" line="239"/>
        <source>Click to sort by this value</source>
        <translation>点击按此值排序</translation>
    </message>
</context>
<context>
    <name>AnalysisTab</name>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="40"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="66"/>
        <source>Drag fields into the zones, or select one and press Ctrl+1…4 (rows, columns, values, filters). Delete removes.</source>
        <translation>将字段拖到各区域，或选中字段后按 Ctrl+1…4（行、列、值、筛选）。按 Delete 键移除。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="73"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="80"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="81"/>
        <source>Run the layout again (F5)</source>
        <translation>重新运行当前布局（F5）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="85"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="92"/>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="224"/>
        <source>Asset ranges…</source>
        <translation>资产区间…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="94"/>
        <source>Subtotals</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="96"/>
        <source>Heat map</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="222"/>
        <source>Asset ranges (custom)…</source>
        <translation>资产区间（自定义）…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="234"/>
        <source>%1: all</source>
        <translation>%1：全部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="240"/>
        <source>%1: %2 selected</source>
        <translation>%1：已选 %2 项</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/tab.py" line="264"/>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../crm_desktop/ui/app.py" line="111"/>
        <source>The local database could not start: %1</source>
        <translation>本地数据库无法启动：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/app.py" line="155"/>
        <source>New version available</source>
        <translation>有新版本</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/app.py" line="156"/>
        <source>Branch CRM %1 is available (this PC runs %2). Ask IT to install it, or download it from:</source>
        <translation>营业部CRM %1 已发布（本机为 %2）。请联系 IT 安装，或从以下地址下载：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/app.py" line="181"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/app.py" line="182"/>
        <source>Something went wrong. Details were written to the log.

%1</source>
        <translation>程序出错，详细信息已写入日志。

%1</translation>
    </message>
</context>
<context>
    <name>Approvals</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="352"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="352"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="352"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="353"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="353"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="353"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="354"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="76"/>
        <source>Trading dept. manager</source>
        <translation>交易部经理</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="77"/>
        <source>Marketing director</source>
        <translation>营销总监</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="78"/>
        <source>HQ marketing supervisor</source>
        <translation>总部营销主管</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="96"/>
        <source>Pending</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="97"/>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="58"/>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="98"/>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="58"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="99"/>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="166"/>
        <source>Withdrawn</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="100"/>
        <source>Failed</source>
        <translation>执行失败</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="112"/>
        <source>Reservation match (预约)</source>
        <translation>预约匹配</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="124"/>
        <source>%1 customers</source>
        <translation>%1 位客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="153"/>
        <source>Development (开发关系)</source>
        <translation>开发关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="154"/>
        <source>Service (服务关系)</source>
        <translation>服务关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="162"/>
        <source>Open</source>
        <translation>等待开户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="163"/>
        <source>Matched</source>
        <translation>已匹配</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="164"/>
        <source>Needs review</source>
        <translation>待人工确认</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/common.py" line="165"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="59"/>
        <source>Waiting for a decision</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="60"/>
        <source>Not reached yet</source>
        <translation>尚未轮到</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="61"/>
        <source>Not reached</source>
        <translation>未轮到</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="87"/>
        <source>by %1 at %2</source>
        <translation>%1 于 %2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="236"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="32"/>
        <source>Request #%1 submitted. It appears under Approvals → My requests; the approvers decide it step by step.</source>
        <translation>申请 #%1 已提交，可在“审批 → 我的申请”中查看；审批人将逐级审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="164"/>
        <source>Claim from public pool (认领)…</source>
        <translation>认领公有客户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="167"/>
        <source>Assign service staff…</source>
        <translation>指定服务人员…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="169"/>
        <source>Hand over the selected customers (客户交接)…</source>
        <translation>交接所选客户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="172"/>
        <source>Enter relationships for the selection (存量关系录入)…</source>
        <translation>为所选客户录入存量关系…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="217"/>
        <source>Customers in one request</source>
        <translation>一次申请的客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="220"/>
        <source>One request names at most %1 customers: select fewer.</source>
        <translation>一次申请最多包含%1位客户，请少选一些。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="225"/>
        <source>Select the customers first.</source>
        <translation>请先选择客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="228"/>
        <source>Only %1 of the %2 selected customers are loaded: scroll through the selection first, or select fewer.</source>
        <translation>所选%2位客户中只加载了%1位：请先滚动浏览所选范围，或少选一些。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="240"/>
        <source>Claim customer (认领)</source>
        <translation>认领客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="243"/>
        <source>Select one customer of the public pool first.</source>
        <translation>请先选择一名公有客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="246"/>
        <source>%1 already has a developer (%2); only public-pool customers can be claimed.</source>
        <translation>%1 已有开发人员（%2）；只能认领公有客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="250"/>
        <source>Claim %1 from the public pool: a development relationship (开发关系) request goes to the approvers.</source>
        <translation>认领公有客户 %1：将提交开发关系申请，由审批人审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="257"/>
        <source>Assign service staff (服务关系)</source>
        <translation>指定服务人员</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="260"/>
        <source>Select one customer first.</source>
        <translation>请先选择一名客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="262"/>
        <source>Assign a service staff member to %1 (subject to approval).</source>
        <translation>为 %1 指定服务人员（需审批）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="282"/>
        <source>Request release (解除)…</source>
        <translation>申请解除关系…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="283"/>
        <source>Ask to end the selected live relationship (subject to approval)</source>
        <translation>申请解除所选的有效关系（需审批）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="301"/>
        <source>Request release (解除)</source>
        <translation>申请解除关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="304"/>
        <source>Select a live relationship first.</source>
        <translation>请先选择一条有效关系。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="307"/>
        <source>Release the %1 relationship with %2? The request goes to the approvers; the relationship ends when the last step approves it.</source>
        <translation>解除与 %2 的%1？申请将提交审批人，最后一步审批通过后关系即解除。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="375"/>
        <source>Transfer (调岗)…</source>
        <translation>调岗…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="376"/>
        <source>Request a staff type or branch change (subject to approval)</source>
        <translation>申请变更员工类型或营业部（需审批）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="380"/>
        <source>Hand over customers (客户交接)…</source>
        <translation>客户交接…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="382"/>
        <source>Hand the selected staff member&apos;s customers to a colleague before a transfer or closing the account</source>
        <translation>在调岗或销户之前，把所选员工的客户交接给同事</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="411"/>
        <source>Transfer (调岗)</source>
        <translation>调岗</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="46"/>
        <source>Account</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="47"/>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="48"/>
        <source>Opened on</source>
        <translation>开户日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="49"/>
        <source>Now held by</source>
        <translation>当前归属</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="57"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="58"/>
        <source>Flow</source>
        <translation>审批流程</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="59"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="60"/>
        <source>Staff concerned</source>
        <translation>涉及员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="61"/>
        <source>Requested at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="62"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="63"/>
        <source>Status / step</source>
        <translation>状态/步骤</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="65"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="66"/>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="71"/>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="67"/>
        <source>Step</source>
        <translation>审批步骤</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="70"/>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="74"/>
        <source>Decided at</source>
        <translation>审批时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="72"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ApprovalsTab</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="237"/>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="261"/>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="501"/>
        <source>Approve…</source>
        <translation>通过…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="262"/>
        <source>Approve the selected requests (Ctrl+Enter: at once, no comment)</source>
        <translation>审批通过所选申请（Ctrl+Enter：直接通过，不填意见）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="264"/>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="502"/>
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="265"/>
        <source>Reject the selected requests with a comment (Ctrl+Shift+Enter)</source>
        <translation>驳回所选申请并填写意见（Ctrl+Shift+Enter）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="271"/>
        <source>Withdraw…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="272"/>
        <source>Withdraw the selected request while it is pending</source>
        <translation>撤销所选的待审批申请</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="278"/>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="431"/>
        <source>Waiting for me</source>
        <translation>待我审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="279"/>
        <source>My requests</source>
        <translation>我的申请</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="280"/>
        <source>History</source>
        <translation>审批历史</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="281"/>
        <source>Reservations</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="283"/>
        <source>Review (待人工确认)</source>
        <translation>待人工确认</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="296"/>
        <source>Hand over customers…</source>
        <translation>客户交接…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="297"/>
        <source>Hand a staff member&apos;s customers to a colleague (客户交接)</source>
        <translation>把一位员工的客户交接给同事</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="299"/>
        <source>Enter relationships…</source>
        <translation>存量关系录入…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="300"/>
        <source>Enter existing customers&apos; relationships for a staff member (存量关系录入)</source>
        <translation>为员工录入存量客户的开发或服务关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="427"/>
        <source>%1 requests wait for your decision</source>
        <translation>有 %1 条申请待您审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="498"/>
        <source>Approve %1…</source>
        <translation>通过 %1 条…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="499"/>
        <source>Reject %1…</source>
        <translation>驳回 %1 条…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="524"/>
        <source>… and %1 more</source>
        <translation>… 另有 %1 条</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="538"/>
        <source>Select one or more requests in “Waiting for me” first.</source>
        <translation>请先在“待我审批”中选择一条或多条申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="541"/>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="546"/>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="609"/>
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="541"/>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="546"/>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="609"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="542"/>
        <source>Approve %1 request(s):</source>
        <translation>通过 %1 条申请：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="543"/>
        <source>Reject %1 request(s):</source>
        <translation>驳回 %1 条申请：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="565"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="567"/>
        <source>approved: the change is in effect</source>
        <translation>已通过，变更已生效</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="569"/>
        <source>approved, passed on to the next step</source>
        <translation>已通过，已转下一步审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="571"/>
        <source>approved, but the change could no longer be applied (see the detail)</source>
        <translation>已通过，但变更已无法执行（详见右侧说明）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="576"/>
        <source>Request #%1 %2.</source>
        <translation>申请 #%1 %2。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="584"/>
        <source>Request #%1 was not changed: %2. The list has been refreshed.</source>
        <translation>申请 #%1 未变更：%2。列表已刷新。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="606"/>
        <source>%1 of %2 requests done.</source>
        <translation>已处理 %1 / %2 条申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="627"/>
        <source>Withdraw request</source>
        <translation>撤销申请</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="628"/>
        <source>Withdraw request #%1 (%2)? The approvers will no longer see it.</source>
        <translation>撤销申请 #%1（%2）？撤销后审批人将不再看到该申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="630"/>
        <source>Withdraw</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="640"/>
        <source>Request #%1 withdrawn.</source>
        <translation>申请 #%1 已撤销。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="662"/>
        <source>Request #%1 submitted; the approvers decide it step by step.</source>
        <translation>申请 #%1 已提交，将由审批人逐级审批。</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="232"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="235"/>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="236"/>
        <source>Actor</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="237"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="238"/>
        <source>Table</source>
        <translation>数据表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="239"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="240"/>
        <source>Row key</source>
        <translation>记录标识</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="241"/>
        <source>Changes</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="250"/>
        <source>Actor (login) contains…</source>
        <translation>操作人（账号）包含…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="253"/>
        <source>All tables</source>
        <translation>全部数据表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="257"/>
        <source>Row key contains…</source>
        <translation>记录标识包含…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="260"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="283"/>
        <source>Showing the newest %1 entries only: narrow the filter to see older ones.</source>
        <translation>仅显示最新的 %1 条记录：缩小筛选范围可查看更早的记录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/audit_page.py" line="287"/>
        <source>%1 entries</source>
        <translation>共 %1 条记录</translation>
    </message>
</context>
<context>
    <name>BasicDataDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="40"/>
        <source>Basic data of %1</source>
        <translation>%1 的基本资料</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="43"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="43"/>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="43"/>
        <source>Title:</source>
        <translation>职务：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="44"/>
        <source>Team:</source>
        <translation>团队：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="51"/>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="52"/>
        <source>now</source>
        <translation>至今</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="52"/>
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="53"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="54"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="55"/>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="56"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="57"/>
        <source>Changed by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/basic_data.py" line="71"/>
        <source>History (every version, newest first)</source>
        <translation>历史（每个版本，最新在前）</translation>
    </message>
</context>
<context>
    <name>BatchRequestDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="54"/>
        <source>Hand over customers (客户交接)</source>
        <translation>客户交接</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="55"/>
        <source>Enter existing relationships (存量关系录入)</source>
        <translation>存量关系录入</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="56"/>
        <source>Hand the customers of one staff member to a colleague of the same branch. The request goes to the approvers; when the last step approves it, the old relationships end the day before the effective date and the new ones begin on it.</source>
        <translation>把一位员工的客户交接给本营业部的同事。申请提交审批；最后一步审批通过时，原关系于生效日前一天结束，新关系自生效日开始。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="59"/>
        <source>Enter the development or service relationships of existing customers (without one of that kind) for a staff member of your team, as one request.</source>
        <translation>为本团队的员工录入存量客户（尚无该类关系）的开发或服务关系，一次申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="74"/>
        <source>Read account numbers from .xlsx…</source>
        <translation>从Excel读取资金账号…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="103"/>
        <source>From (staff member leaving) *:</source>
        <translation>交出客户的员工 *：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="104"/>
        <source>To *:</source>
        <translation>接收员工 *：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="104"/>
        <source>Staff member *:</source>
        <translation>员工 *：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="105"/>
        <source>Relationship:</source>
        <translation>关系类型：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="106"/>
        <source>Effective date *:</source>
        <translation>生效日期 *：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="106"/>
        <source>Begins on *:</source>
        <translation>开始日期 *：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="111"/>
        <source>Customers:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="113"/>
        <source>Reason / note:</source>
        <translation>原因/备注：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="114"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="117"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="157"/>
        <source>%1 — development %2, service %3</source>
        <translation>%1 — 开发客户%2位，服务客户%3位</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="182"/>
        <source>the %1 customers found in the file</source>
        <translation>文件中找到的%1位客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="184"/>
        <source>the %1 selected customers</source>
        <translation>所选的%1位客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="188"/>
        <source>all %1 %2 customers of the staff member</source>
        <translation>该员工全部%1位客户（%2）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="191"/>
        <source>none yet: select customers in the Customers tab, or read an .xlsx of account numbers (column 资金账号)</source>
        <translation>尚未选择：请在“客户”页选择客户，或读取含“资金账号”列的Excel文件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="199"/>
        <source>Account numbers (.xlsx)</source>
        <translation>资金账号（.xlsx）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="210"/>
        <source>%1: %2 customers found, %3 rows with errors.</source>
        <translation>%1：找到%2位客户，%3行有错误。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="215"/>
        <source>row %1%2: %3</source>
        <translation>第%1行%2：%3</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="218"/>
        <source>… and %1 more</source>
        <translation>……另有%1行</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="220"/>
        <source>Only the customers found are entered: correct the file and read it again to include the others.</source>
        <translation>只录入已找到的客户；如需包括其他行，请改正文件后重新读取。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="237"/>
        <source>Choose the staff member whose customers are handed over.</source>
        <translation>请选择交出客户的员工。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="240"/>
        <source>Choose the staff member who receives the customers.</source>
        <translation>请选择接收客户的员工。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="243"/>
        <source>No customers: select them in the Customers tab or read an .xlsx first.</source>
        <translation>没有客户：请先在“客户”页选择客户或读取Excel文件。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="246"/>
        <source>The note is too long (at most 1000 characters).</source>
        <translation>备注太长（最多1000个字符）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="287"/>
        <source>%1 of these customers began their relationship on or after %2 and cannot be handed over from that day: choose a later effective date, or hand over the others.</source>
        <translation>其中 %1 位客户的关系始于 %2 当天或之后，不能从该日起交接：请选择更晚的生效日期，或只交接其余客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="291"/>
        <source>%1 %2 — since %3</source>
        <translation>%1 %2 — 关系始于 %3</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/batch_requests.py" line="294"/>
        <source>Hand over the other %1 customers</source>
        <translation>交接其余 %1 位客户</translation>
    </message>
</context>
<context>
    <name>BlocklistPage</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="40"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="41"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="42"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="44"/>
        <source>The customer is not visible to you</source>
        <translation>您看不到该客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="45"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="46"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="47"/>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="48"/>
        <source>Recorded at</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="54"/>
        <source>Blacklist a number…</source>
        <translation>加入黑名单…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="55"/>
        <source>HQ: no SMS goes to this number any more, for any customer</source>
        <translation>总部：此号码不再接收任何短信（对所有客户）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="58"/>
        <source>Lift…</source>
        <translation>解除…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="59"/>
        <source>Messages go to the selected number again (a reason is required)</source>
        <translation>恢复向所选号码发送短信（须填写原因）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="61"/>
        <source>◀ Newer</source>
        <translation>◀ 较新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="63"/>
        <source>Older ▶</source>
        <translation>较早 ▶</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="74"/>
        <source>Every blocked number (HQ).</source>
        <translation>全部被屏蔽的号码（总部）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="75"/>
        <source>The opt-outs and blacklisted numbers of your branches&apos; customers.</source>
        <translation>本营业部客户的退订与黑名单号码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="133"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="135"/>
        <source>No blocked numbers.</source>
        <translation>没有被屏蔽的号码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="137"/>
        <source>Entries %1–%2, newest first</source>
        <translation>第 %1–%2 条，最新的在前</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="150"/>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="153"/>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="158"/>
        <source>Blacklist a number</source>
        <translation>加入黑名单</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="150"/>
        <source>Mobile number:</source>
        <translation>手机号码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="154"/>
        <source>Why is %1 blacklisted (e.g. a complaint)?</source>
        <translation>为什么将 %1 加入黑名单（例如：投诉）？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="159"/>
        <source>Say why the number is blacklisted. Nothing was changed.</source>
        <translation>请填写加入黑名单的原因。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="163"/>
        <source>The number is blacklisted: no SMS goes to it.</source>
        <translation>该号码已加入黑名单，不再向其发送短信。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="164"/>
        <source>The number was already blacklisted.</source>
        <translation>该号码已在黑名单中。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="171"/>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="176"/>
        <source>Lift a block</source>
        <translation>解除屏蔽</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="172"/>
        <source>Why may messages go to %1 again?</source>
        <translation>为什么可以再次向 %1 发送短信？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="176"/>
        <source>Say why the block is lifted. Nothing was changed.</source>
        <translation>请填写解除屏蔽的原因。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="180"/>
        <source>Messages go to %1 again.</source>
        <translation>已恢复向 %1 发送短信。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/blocklist_page.py" line="181"/>
        <source>%1 was no longer blocked.</source>
        <translation>%1 已不在屏蔽名单中。</translation>
    </message>
</context>
<context>
    <name>BranchesPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="33"/>
        <source>Branches (营业部)</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="35"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="36"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="37"/>
        <source>Headquarters</source>
        <translation>总部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="37"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="37"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="44"/>
        <source>New branch…</source>
        <translation>新建营业部…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="46"/>
        <source>Rename…</source>
        <translation>改名…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="75"/>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="79"/>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="87"/>
        <source>New branch</source>
        <translation>新建营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="76"/>
        <source>Branch code (2 to 12 capital letters or digits, never changes):</source>
        <translation>营业部代码（2 至 12 位大写字母或数字，建立后不可更改）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="79"/>
        <source>Name of the branch:</source>
        <translation>营业部名称：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="84"/>
        <source>Branch %1 created.</source>
        <translation>营业部 %1 已建立。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="93"/>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="102"/>
        <source>Rename branch</source>
        <translation>营业部改名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="94"/>
        <source>New name of %1:</source>
        <translation>%1 的新名称：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/branches_page.py" line="99"/>
        <source>Branch %1 renamed.</source>
        <translation>营业部 %1 已改名。</translation>
    </message>
</context>
<context>
    <name>BusyIndicator</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="124"/>
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
    <name>ColumnChooser</name>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="56"/>
        <source>Columns</source>
        <translation>显示列</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="68"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="70"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="72"/>
        <source>Defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="91"/>
        <source>Tick the columns to show; Up / Down (or drag) to order them.</source>
        <translation>勾选要显示的列；用“上移”/“下移”（或拖动）调整顺序。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="135"/>
        <source>Choose at least one column.</source>
        <translation>请至少选择一列。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="151"/>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="289"/>
        <source>Columns…</source>
        <translation>显示列…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="152"/>
        <source>Choose and order the list&apos;s columns</source>
        <translation>选择列表显示的列并调整顺序</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="279"/>
        <source>Hide “%1”</source>
        <translation>隐藏“%1”</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/column_chooser.py" line="290"/>
        <source>Reset columns</source>
        <translation>恢复默认列</translation>
    </message>
</context>
<context>
    <name>ColumnDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="130"/>
        <source>Information column</source>
        <translation>信息栏目</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="130"/>
        <source>Edit information column</source>
        <translation>修改信息栏目</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="133"/>
        <source>e.g. 早盘提示</source>
        <translation>例如：早盘提示</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="136"/>
        <source>Active (takes subscriptions and issues)</source>
        <translation>启用（可订阅、可发布）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="144"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="145"/>
        <source>Description:</source>
        <translation>说明：</translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="34"/>
        <source>Comment (required):</source>
        <translation>审批意见（必填）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="34"/>
        <source>Comment (optional):</source>
        <translation>审批意见（选填）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="36"/>
        <source>Reason for the rejection, visible to the requester</source>
        <translation>驳回原因，申请人可见</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="37"/>
        <source>Visible to the requester and in the history</source>
        <translation>申请人可见，并记入审批历史</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="45"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="51"/>
        <source>Ctrl+Enter to confirm</source>
        <translation>按 Ctrl+Enter 确认</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="67"/>
        <source>Please give a reason: the requester sees it.</source>
        <translation>请填写原因：申请人可以看到。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="72"/>
        <source>The comment is too long (at most %1 characters).</source>
        <translation>意见过长（最多 %1 个字符）。</translation>
    </message>
</context>
<context>
    <name>ComprehensivePage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="100"/>
        <source>Account no. (资金账号):</source>
        <translation>资金账号：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="101"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="113"/>
        <source>ID number:</source>
        <translation>证件号码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="114"/>
        <source>Show the whole ID number (recorded)</source>
        <translation>显示完整证件号码（将记录）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="115"/>
        <source>Gender:</source>
        <translation>性别：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="116"/>
        <source>Birthday:</source>
        <translation>出生日期：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="117"/>
        <source>Opened:</source>
        <translation>开户日期：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="118"/>
        <source>Branch (营业部):</source>
        <translation>营业部：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="119"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="120"/>
        <source>Counter mobile:</source>
        <translation>柜台手机号码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="121"/>
        <source>Show the whole mobile (recorded)</source>
        <translation>显示完整手机号（将记录）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="131"/>
        <source>Comprehensive data is a copy of the trading counter and cannot be edited here.</source>
        <translation>综合资料取自柜台系统，此处不能修改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="149"/>
        <source> (age %1)</source>
        <translation> （%1岁）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="155"/>
        <source>From the T+1 load of %1</source>
        <translation>数据来源：%1 的T+1数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="157"/>
        <source> (loaded %1)</source>
        <translation> （加载于 %1）</translation>
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
    <name>ContributionPage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/contribution_page.py" line="30"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/contribution_page.py" line="31"/>
        <source>Trading days</source>
        <translation>交易日数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/contribution_page.py" line="32"/>
        <source>Average daily cash</source>
        <translation>日均资金余额</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/contribution_page.py" line="33"/>
        <source>Interest spread</source>
        <translation>利差</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/contribution_page.py" line="34"/>
        <source>Implied annual spread rate</source>
        <translation>折合年化利差率</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/contribution_page.py" line="35"/>
        <source>Net commission</source>
        <translation>净佣金</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/contribution_page.py" line="36"/>
        <source>Contribution</source>
        <translation>贡献度</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/contribution_page.py" line="46"/>
        <source>The counter reports the interest spread per trading day: what the firm earns on the customer&apos;s cash between the bank&apos;s rate and the rate paid to the customer. The implied annual rate is the month&apos;s spread divided by the sum of the daily cash balances, times %1 trading days.</source>
        <translation>利差由柜台按交易日提供：公司就客户资金余额从银行利率与付给客户利率之间赚取的差额。折合年化利差率 = 当月利差 ÷ 每日资金余额之和 × %1 个交易日。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/contribution_page.py" line="67"/>
        <source>Contribution = net commission × %1 + interest spread × %2 (weights set by HQ)</source>
        <translation>贡献度 = 净佣金 × %1 + 利差 × %2（权重由总部设定）</translation>
    </message>
</context>
<context>
    <name>CostPage</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="231"/>
        <source>Per branch (charged to the customer&apos;s branch)</source>
        <translation>按营业部（计入客户所属营业部）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="232"/>
        <source>Per sender</source>
        <translation>按发送人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="234"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="235"/>
        <source>The report to .xlsx (Ctrl+E)</source>
        <translation>将报表导出为 .xlsx（Ctrl+E）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="240"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="241"/>
        <source>Charged messages</source>
        <translation>计费短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="242"/>
        <source>Parts</source>
        <translation>计费条数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="243"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="244"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="245"/>
        <source>Failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="251"/>
        <source>Failed messages cost nothing: their parts went back to the quota.</source>
        <translation>发送失败的短信不计费：其条数已退回额度。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="255"/>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="280"/>
        <source>Total: %1 charged messages, %2 parts, %3 (delivered %4, failed %5)</source>
        <translation>合计：计费短信 %1 条，计费条数 %2，%3（已送达 %4，失败 %5）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="293"/>
        <source>Export SMS cost report</source>
        <translation>导出短信费用报表</translation>
    </message>
</context>
<context>
    <name>CustomerDetail</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="32"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="33"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="37"/>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="38"/>
        <source>Dormant</source>
        <translation>休眠</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="39"/>
        <source>Closed</source>
        <translation>已销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="43"/>
        <source>Development</source>
        <translation>开发关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="44"/>
        <source>Service</source>
        <translation>服务关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="48"/>
        <source>Current</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="49"/>
        <source>Released</source>
        <translation>已解除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="53"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="70"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="54"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="62"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="71"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="55"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="65"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="73"/>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="56"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="61"/>
        <source>Visit</source>
        <translation>面访</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="57"/>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="63"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="64"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="66"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="72"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="74"/>
        <source>Preferred contact</source>
        <translation>首选联系方式</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="75"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="81"/>
        <source>Enter an 11-digit mainland mobile number (e.g. 13800138000), or a Hong Kong, Macau or foreign number starting with + or 00.</source>
        <translation>请输入 11 位大陆手机号（如 13800138000），或以 + 或 00 开头的港澳及境外号码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="84"/>
        <source>Enter an email address such as name@example.com.</source>
        <translation>请输入电子邮件地址，例如 name@example.com。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="86"/>
        <source>Choose one of the listed values.</source>
        <translation>请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="88"/>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="90"/>
        <source>Too long.</source>
        <translation>内容过长。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="92"/>
        <source>Show the whole value first, then change it.</source>
        <translation>请先显示完整内容，再修改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="94"/>
        <source>The follow-up date is before the visit.</source>
        <translation>下次跟进日期早于拜访时间。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="95"/>
        <source>Invalid value.</source>
        <translation>取值无效。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/common.py" line="135"/>
        <source>Staff #%1</source>
        <translation>员工 #%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/prompts.py" line="20"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/prompts.py" line="21"/>
        <source>The extended data has unsaved changes. Save them?</source>
        <translation>扩展资料有未保存的修改。是否保存？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/prompts.py" line="34"/>
        <source>Visit changed</source>
        <translation>拜访记录已被修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/prompts.py" line="35"/>
        <source>This visit was changed elsewhere (%1) after you opened it.</source>
        <translation>在您打开后，该拜访记录已在别处被修改（%1）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/prompts.py" line="38"/>
        <source>Keep mine (overwrite)</source>
        <translation>保留我的（覆盖）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/prompts.py" line="39"/>
        <source>Take theirs</source>
        <translation>采用对方的</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/prompts.py" line="47"/>
        <source>Delete visit</source>
        <translation>删除拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/prompts.py" line="49"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>CustomerDetailDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="55"/>
        <source>Customer %1</source>
        <translation>客户 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="79"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="80"/>
        <source>Reload from the server (F5)</source>
        <translation>从服务器重新加载（F5）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="113"/>
        <source>Comprehensive data</source>
        <translation>综合资料</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="114"/>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="272"/>
        <source>Extended data</source>
        <translation>扩展资料</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="115"/>
        <source>Assets and trading</source>
        <translation>资产与交易</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="117"/>
        <source>Contribution</source>
        <translation>贡献度</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="118"/>
        <source>Relationships and VIP</source>
        <translation>经纪关系与贵宾等级</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="119"/>
        <source>Visits</source>
        <translation>拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="121"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="236"/>
        <source>This customer does not exist or is not visible to you.</source>
        <translation>该客户不存在，或您无权查看。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="240"/>
        <source>Could not load: the connection was lost. Press Refresh to try again.</source>
        <translation>加载失败：连接已断开。请点击“刷新”重试。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="249"/>
        <source>%1 (%2) — Customer</source>
        <translation>%1（%2）— 客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="251"/>
        <source>Account %1 · %2 (%3)</source>
        <translation>资金账号 %1 · %2（%3）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/dialog.py" line="257"/>
        <source>VIP level on %1</source>
        <translation>%1 的贵宾等级</translation>
    </message>
</context>
<context>
    <name>CustomerExport</name>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="45"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>CustomerGroups</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/common.py" line="43"/>
        <source>The group was changed by someone else in the meantime. The list has been reloaded: please try again.</source>
        <translation>该客户群已被他人修改，列表已重新加载，请重试。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="248"/>
        <source>Groups…</source>
        <translation>客户群…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="249"/>
        <source>Customer groups (客户群): members and statistics</source>
        <translation>客户群：成员与统计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="252"/>
        <source>Add to group</source>
        <translation>加入客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="256"/>
        <source>Selected customers…</source>
        <translation>所选客户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="258"/>
        <source>All customers of the current list…</source>
        <translation>当前列表的全部客户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="265"/>
        <source>Add selected customers to a group…</source>
        <translation>将所选客户加入客户群…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="302"/>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="326"/>
        <source>Add to customer group</source>
        <translation>加入客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="303"/>
        <source>Select customers in the list first.</source>
        <translation>请先在列表中选择客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/install.py" line="327"/>
        <source>Added %1 customers to the group “%2”.</source>
        <translation>已将 %1 名客户加入客户群“%2”。</translation>
    </message>
</context>
<context>
    <name>CustomerListActions</name>
    <message>
        <location filename="../../crm_desktop/ui/customers/export.py" line="26"/>
        <source>Summary…</source>
        <translation>汇总统计…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/export.py" line="27"/>
        <source>Counts, sums and averages of the current list by group (汇总统计)</source>
        <translation>按分组统计当前列表的客户数、合计和平均值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/export.py" line="29"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/export.py" line="30"/>
        <source>Export the list as filtered and sorted, with the visible columns, to an Excel file (Ctrl+E)</source>
        <translation>按当前的过滤、排序和显示列将列表导出为 Excel 文件（Ctrl+E）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/export.py" line="36"/>
        <source>Export with personal data…</source>
        <translation>导出（含个人信息）…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/export.py" line="38"/>
        <source>Export the list with whole ID numbers and mobiles instead of masked ones (recorded)</source>
        <translation>导出列表时包含完整证件号码和手机号，而非脱敏值（将记录）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/export.py" line="60"/>
        <location filename="../../crm_desktop/ui/customers/export.py" line="65"/>
        <source>Export customers</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/export.py" line="66"/>
        <source>You do not have the export right, so the list cannot be exported. The right is granted by headquarters: ask your HQ system administrator.</source>
        <translation>您没有导出权限，无法导出列表。导出权限由总部授予：请联系总部系统管理员。</translation>
    </message>
</context>
<context>
    <name>CustomerSmsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="41"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="46"/>
        <source>Opt out of SMS…</source>
        <translation>退订短信…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="47"/>
        <source>The customer asked for no more messages: none go to their mobile</source>
        <translation>客户要求不再接收短信：不再向其手机发送</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="50"/>
        <source>Resume SMS…</source>
        <translation>恢复短信…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="51"/>
        <source>The customer wants messages again</source>
        <translation>客户希望重新接收短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="76"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="102"/>
        <source>SMS reach this customer&apos;s mobile.</source>
        <translation>可以向该客户的手机发送短信。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="106"/>
        <source>No SMS go to %1: %2 (%3, %4 on %5).</source>
        <translation>不向 %1 发送短信：%2（%3，%4 于 %5 登记）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="107"/>
        <source>no reason given</source>
        <translation>未填写原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="116"/>
        <source>A reason is required. Nothing was changed.</source>
        <translation>必须填写原因。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="121"/>
        <source>Opt out of SMS</source>
        <translation>退订短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="122"/>
        <source>Why does the customer want no more messages (e.g. asked by phone)?</source>
        <translation>客户为什么不再接收短信（例如：电话中提出）？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="130"/>
        <source>Resume SMS</source>
        <translation>恢复短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="130"/>
        <source>Why may messages go to the customer again?</source>
        <translation>为什么可以再次向该客户发送短信？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="143"/>
        <source>No messages to this customer that you may see.</source>
        <translation>没有您可查看的发给该客户的短信。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="145"/>
        <source>The newest %1 of %2 messages; the SMS tab&apos;s log has them all.</source>
        <translation>显示 %2 条中最新的 %1 条；全部记录请在短信页的短信记录中查看。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/customer_page.py" line="148"/>
        <source>%1 messages, newest first.</source>
        <translation>共 %1 条短信，最新的在前。</translation>
    </message>
</context>
<context>
    <name>CustomersTab</name>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="74"/>
        <source>Account number, mobile, ID number or name…</source>
        <translation>资金账号、手机号码、证件号码或姓名…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="77"/>
        <source>Public pool only (公有客户)</source>
        <translation>仅公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="85"/>
        <source>Exact count</source>
        <translation>精确统计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="225"/>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="255"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="263"/>
        <source>No customer matches the search or the filter.</source>
        <translation>没有符合搜索或过滤条件的客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="264"/>
        <source>You have no customers yet. The list shows the customers you (or your team) develop or serve, and those of the branches your customer scope includes; a customer appears when a development or service relationship with you is approved.</source>
        <translation>您名下还没有客户。此列表显示您（或您的团队）开发或服务的客户，以及您的客户范围所含营业部的客户；与您的开发或服务关系审批通过后，客户即出现在这里。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="275"/>
        <source>Mobile and ID numbers are found only when typed whole (11 digits for a mobile); fewer digits find account numbers starting with them.</source>
        <translation>手机号和证件号码只能按完整号码查找（手机号 11 位）；位数不足时查找以这些数字开头的资金账号。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="296"/>
        <source>%1 customers</source>
        <translation>共 %1 名客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="296"/>
        <source>about %1 customers (rough estimate)</source>
        <translation>约 %1 名客户（粗略估算）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="301"/>
        <source>Estimated from the database&apos;s statistics, which can be far off for a filter; “Exact count” counts every customer of the list.</source>
        <translation>根据数据库统计信息估算，过滤条件下可能偏差很大；“精确统计”会逐一统计列表中的全部客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="309"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/tab.py" line="352"/>
        <source>Copied %1 of %2 selected rows (the others are not loaded yet; Export writes the whole list)</source>
        <translation>已复制选中的 %2 行中的 %1 行（其余尚未加载；导出可写出整个列表）</translation>
    </message>
</context>
<context>
    <name>DateRangeFilter</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="136"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/common.py" line="138"/>
        <source>To</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="133"/>
        <source>Choose a request to see its customer, the staff involved and its steps.</source>
        <translation>选择一条申请，查看其客户、相关员工和审批步骤。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="149"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="155"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="156"/>
        <source>Account:</source>
        <translation>资金账号：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="157"/>
        <source>Branch:</source>
        <translation>营业部：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="158"/>
        <source>Relationships:</source>
        <translation>经纪关系：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="160"/>
        <source>Staff involved</source>
        <translation>相关员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="167"/>
        <source>Staff concerned:</source>
        <translation>涉及员工：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="168"/>
        <source>Requested by:</source>
        <translation>申请人：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="169"/>
        <source>Requested at:</source>
        <translation>申请时间：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="170"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="171"/>
        <source>Change:</source>
        <translation>变更内容：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="173"/>
        <source>Reservation (预约)</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="178"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="191"/>
        <source>Approval steps</source>
        <translation>审批步骤</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="195"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="230"/>
        <source>%1 customers</source>
        <translation>共%1位客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="273"/>
        <source>registered %1</source>
        <translation>登记于 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="275"/>
        <source>by %1</source>
        <translation>登记人：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="302"/>
        <source>developer: %1</source>
        <translation>开发人员：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="304"/>
        <source>public pool (no developer)</source>
        <translation>公有客户（无开发人员）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="306"/>
        <source>service: %1</source>
        <translation>服务人员：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="308"/>
        <source>assets %1 on %2</source>
        <translation>%2 总资产 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="336"/>
        <source>%1 customers of %2 (%3) from %4; their relationships end on the day before</source>
        <translation>%2（%3）的%1客户自%4起交接；原关系于前一天结束</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="340"/>
        <source>enter %1 relationships beginning %2</source>
        <translation>录入%1，自%2开始</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="343"/>
        <source>release the %1 relationship</source>
        <translation>解除%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="349"/>
        <source>%1 at %2 → %3 at %4; their relationships are released first</source>
        <translation>%2 %1 → %4 %3；其现有关系将先行解除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/detail.py" line="353"/>
        <source>move all %1 SMS subscriptions sent by %2 to %3</source>
        <translation>把 %2 发送的全部 %1 个短信订阅转给 %3</translation>
    </message>
</context>
<context>
    <name>DueSections</name>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="56"/>
        <source>Log a visit…</source>
        <translation>记录拜访…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="57"/>
        <source>Open the customer&apos;s visit form (Ctrl+Shift+V)</source>
        <translation>打开该客户的拜访记录表单（Ctrl+Shift+V）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="59"/>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="60"/>
        <source>The customer&apos;s window (Enter)</source>
        <translation>客户窗口（Enter）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="67"/>
        <source>Show in Approvals</source>
        <translation>在审批中查看</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="68"/>
        <source>The reservation in Approvals › Reservations (Enter)</source>
        <translation>在 审批 › 预约 中查看该预约（Enter）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="90"/>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="91"/>
        <source>%1 days overdue</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="95"/>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="96"/>
        <source>Follow-up date</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="97"/>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="117"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="98"/>
        <source>Account no.</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="99"/>
        <source>Last visit</source>
        <translation>上次拜访</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="100"/>
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="101"/>
        <source>Notes</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="102"/>
        <source>Visited by</source>
        <translation>拜访人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="104"/>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="118"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="105"/>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="122"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="110"/>
        <source>Ends today</source>
        <translation>今天截止</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="111"/>
        <source>%1 working days left</source>
        <translation>还剩 %1 个工作日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="115"/>
        <source>Window</source>
        <translation>匹配期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="116"/>
        <source>Window ends</source>
        <translation>匹配截止日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="119"/>
        <source>Registered</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="120"/>
        <source>Registered by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="123"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="132"/>
        <source>No visit follow-ups are due.</source>
        <translation>没有到期的回访。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="134"/>
        <source>No open reservation ends by %1.</source>
        <translation>%1 之前没有到期的预约。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="140"/>
        <source>Follow-ups due (回访提醒)</source>
        <translation>回访提醒</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="141"/>
        <source>Reservations expiring (预约到期)</source>
        <translation>预约到期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/due.py" line="145"/>
        <source>%1 today</source>
        <translation>今天 %1 个</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="88"/>
        <source>Preparing the export…</source>
        <translation>正在准备导出…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="88"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="123"/>
        <source>Exported %1 of about %2 rows…</source>
        <translation>已导出 %1 行，共约 %2 行…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="140"/>
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="141"/>
        <source>%1 rows exported to
%2</source>
        <translation>已导出 %1 行到
%2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="144"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="154"/>
        <source>The file could not be written: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="156"/>
        <source>The server refused the export: you do not have the export permission (数据导出).</source>
        <translation>服务器拒绝导出：您没有“数据导出”权限。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="158"/>
        <location filename="../../crm_desktop/ui/export_flow.py" line="160"/>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/export_flow.py" line="161"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>ExtendedPage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="197"/>
        <source>Mobile:</source>
        <translation>手机号码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="197"/>
        <source>11 digits, e.g. 13800138000</source>
        <translation>11位数字，例如 13800138000</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="198"/>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="198"/>
        <source>e.g. 010-66881234</source>
        <translation>例如 010-66881234</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="199"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="200"/>
        <source>Email:</source>
        <translation>电子邮件：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="205"/>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="209"/>
        <source>Preferred contact:</source>
        <translation>首选联系方式：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="214"/>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="221"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="224"/>
        <source>Revert</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="225"/>
        <source>Discard your edits</source>
        <translation>放弃您所做的修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="227"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="228"/>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="235"/>
        <source>Show full contact data</source>
        <translation>显示完整联系信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="236"/>
        <source>Show the whole mobile, phone and address (recorded)</source>
        <translation>显示完整手机、电话和地址（将记录）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="327"/>
        <source>Counter mobile: %1</source>
        <translation>柜台手机号码：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="329"/>
        <source>Read only: only customers in a brokerage relationship with you or your team can be edited.</source>
        <translation>只读：只能修改与您或您的团队有经纪关系的客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="332"/>
        <source>Read only: this customer has no extended data record yet (it is created by the T+1 load).</source>
        <translation>只读：该客户尚无扩展资料记录（将在T+1数据加载时创建）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="373"/>
        <source>Never modified</source>
        <translation>从未修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="376"/>
        <source>Last modified by %1 at %2</source>
        <translation>最后修改：%2，修改人：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="446"/>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="508"/>
        <source>Please correct the fields marked in red.</source>
        <translation>请更正标红的字段。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="456"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="469"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="493"/>
        <source>Showing the other version; your edits were discarded.</source>
        <translation>已显示对方的版本；您的修改已放弃。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="497"/>
        <source>Not saved: someone else changed this customer. Save again to choose.</source>
        <translation>未保存：其他人修改了该客户的资料。请再次保存，选择要保留的版本。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="510"/>
        <source>Not saved: the connection was lost. Your edits are kept.</source>
        <translation>未保存：连接已断开。您的修改已保留。</translation>
    </message>
</context>
<context>
    <name>FilterBuilder</name>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="110"/>
        <source>and</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="114"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="136"/>
        <source>Values separated by commas or new lines</source>
        <translation>多个值以逗号或换行分隔</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="146"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="147"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="162"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="167"/>
        <source>MMDD, e.g. 0316</source>
        <translation>月日（MMDD），例如 0316</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="174"/>
        <source>amount in yuan</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="294"/>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="385"/>
        <source>Remove this condition</source>
        <translation>删除此条件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="414"/>
        <source>All of these conditions (AND)</source>
        <translation>满足以下全部条件（AND）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="415"/>
        <source>Any of these conditions (OR)</source>
        <translation>满足以下任一条件（OR）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="416"/>
        <source>+ Condition</source>
        <translation>+ 条件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="419"/>
        <source>+ Group</source>
        <translation>+ 条件组</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="422"/>
        <source>A nested group: combine conditions with the other of AND / OR</source>
        <translation>嵌套条件组：以另一种逻辑（AND / OR）组合条件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="430"/>
        <source>Remove this group</source>
        <translation>删除此条件组</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="565"/>
        <source>Filter customers (过滤数据)</source>
        <translation>过滤数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="581"/>
        <source>Account number, mobile, ID number or name…</source>
        <translation>资金账号、手机号码、证件号码或姓名…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="582"/>
        <source>Public pool only (公有客户)</source>
        <translation>仅公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="586"/>
        <source>Quick search:</source>
        <translation>快速查询：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="606"/>
        <source>Name of the filter</source>
        <translation>过滤条件名称</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="607"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="608"/>
        <source>Save the filter under this name (a saved filter with the same name is replaced)</source>
        <translation>以此名称保存过滤条件（将覆盖同名的已保存过滤条件）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="611"/>
        <source>Load</source>
        <translation>载入</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="613"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="616"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="627"/>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="876"/>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="966"/>
        <source>Saved filters</source>
        <translation>已保存的过滤条件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="636"/>
        <source>Clear all</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="692"/>
        <source>Enter a value for “%1”.</source>
        <translation>请输入“%1”的值。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="738"/>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="767"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="758"/>
        <source>(no conditions)</source>
        <translation>（无条件）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="760"/>
        <source>Quick search: %1</source>
        <translation>快速查询：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="804"/>
        <source>Saved “%1”.</source>
        <translation>已保存“%1”。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="815"/>
        <source>Loaded “%1”.</source>
        <translation>已载入“%1”。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="840"/>
        <source>Renamed to “%1”.</source>
        <translation>已重命名为“%1”。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="847"/>
        <source>Delete the saved filter “%1”?</source>
        <translation>删除已保存的过滤条件“%1”？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="853"/>
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="873"/>
        <source>Build a filter from conditions (Ctrl+Shift+F)</source>
        <translation>按条件组合过滤客户（Ctrl+Shift+F）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="895"/>
        <source>Filter (%1)…</source>
        <translation>过滤（%1）…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="896"/>
        <source>Filter…</source>
        <translation>过滤…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="952"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="954"/>
        <source>No saved filters yet</source>
        <translation>暂无已保存的过滤条件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_builder.py" line="960"/>
        <source>Manage saved filters…</source>
        <translation>管理已保存的过滤条件…</translation>
    </message>
</context>
<context>
    <name>FilterChips</name>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_chips.py" line="105"/>
        <source>Edit the filter</source>
        <translation>修改过滤条件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_chips.py" line="108"/>
        <source>Remove this condition</source>
        <translation>删除此条件</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_chips.py" line="145"/>
        <source>All of:</source>
        <translation>全部满足：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_chips.py" line="145"/>
        <source>Any of:</source>
        <translation>任一满足：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/filter_chips.py" line="153"/>
        <source>Clear all</source>
        <translation>全部清除</translation>
    </message>
</context>
<context>
    <name>FlowsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="25"/>
        <source>Approval flows</source>
        <translation>审批流程</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="32"/>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="33"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="34"/>
        <source>Steps (approval posts in order)</source>
        <translation>审批步骤（按顺序排列的审批岗）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="43"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="45"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="47"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="49"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="51"/>
        <source>Save flow</source>
        <translation>保存流程</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="53"/>
        <source>Revert</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="55"/>
        <source>Requests already pending keep the steps they started with; new requests follow the saved flow.</source>
        <translation>审批中的申请仍按原有步骤审批；新申请按保存后的流程审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="60"/>
        <source>Steps of the selected flow</source>
        <translation>所选流程的审批步骤</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="86"/>
        <source>Approval flows are data: each flow&apos;s requests go through these posts in order.</source>
        <translation>审批流程可配置：每个流程的申请依次经过以下审批岗。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="161"/>
        <source>This post is already a step of the flow.</source>
        <translation>该审批岗已在流程中。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="188"/>
        <source>Not saved yet.</source>
        <translation>尚未保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="207"/>
        <source>A flow needs at least one step.</source>
        <translation>流程至少需要一个审批步骤。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="218"/>
        <source>Flow “%1” saved.</source>
        <translation>流程“%1”已保存。</translation>
    </message>
</context>
<context>
    <name>GainColours</name>
    <message>
        <location filename="../../crm_desktop/ui/gain_colours.py" line="24"/>
        <source>Gains red, losses green</source>
        <translation>红涨绿跌（盈利红色，亏损绿色）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/gain_colours.py" line="25"/>
        <source>Gains green, losses red</source>
        <translation>绿涨红跌（盈利绿色，亏损红色）</translation>
    </message>
</context>
<context>
    <name>GridActions</name>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_actions.py" line="116"/>
        <source>Reading the daily rows…</source>
        <translation>正在读取每日明细…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_actions.py" line="132"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_actions.py" line="142"/>
        <source>Expand group</source>
        <translation>展开分组</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_actions.py" line="142"/>
        <source>Collapse group</source>
        <translation>折叠分组</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_actions.py" line="145"/>
        <source>Open these customers in the Customers tab</source>
        <translation>在“客户”页中打开这些客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_actions.py" line="146"/>
        <source>Show the daily rows…</source>
        <translation>查看每日明细…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_actions.py" line="149"/>
        <source>Expand all</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_actions.py" line="150"/>
        <source>Collapse all</source>
        <translation>全部折叠</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/grid_actions.py" line="151"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>GridExport</name>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="22"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="30"/>
        <source>Nothing to export yet.</source>
        <translation>暂无可导出的数据。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="35"/>
        <source>Export is not available in this version.</source>
        <translation>此版本不提供导出功能。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="39"/>
        <source>Export the grid</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="49"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="52"/>
        <source>Exported %1 rows to %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="62"/>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="63"/>
        <source>Period</source>
        <translation>数据期间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="64"/>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="65"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="67"/>
        <source>%1 %2 by %3</source>
        <translation>按 %3 排名%1 %2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="67"/>
        <source>bottom</source>
        <translation>后</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="67"/>
        <source>top</source>
        <translation>前</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="70"/>
        <source>, negative values only</source>
        <translation>，仅限负值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/export.py" line="71"/>
        <source>Ranking</source>
        <translation>排名</translation>
    </message>
</context>
<context>
    <name>GroupsDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="79"/>
        <source>Customer groups</source>
        <translation>客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="88"/>
        <source>Group</source>
        <translation>客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="89"/>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="90"/>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="206"/>
        <source>Members</source>
        <translation>成员数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="91"/>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="100"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="101"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="102"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="103"/>
        <source>Open as filter</source>
        <translation>作为过滤条件打开</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="104"/>
        <source>Show this group&apos;s customers in the customer list</source>
        <translation>在客户列表中显示该客户群的客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="126"/>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="169"/>
        <source>Account no.</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="127"/>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="170"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="128"/>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="171"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="129"/>
        <source>Developer</source>
        <translation>开发人员</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="130"/>
        <source>Added</source>
        <translation>加入时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="137"/>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="139"/>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="436"/>
        <source>Remove from group</source>
        <translation>移出客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="154"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="154"/>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="154"/>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="155"/>
        <source>Last year</source>
        <translation>上年</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="155"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="160"/>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="163"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="172"/>
        <source>Assets as of</source>
        <translation>资产日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="173"/>
        <source>Total assets</source>
        <translation>总资产</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="174"/>
        <source>Trade volume</source>
        <translation>成交额</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="175"/>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="176"/>
        <source>Net commission</source>
        <translation>净佣金</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="177"/>
        <source>Interest spread</source>
        <translation>利差</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="178"/>
        <source>Profit/loss</source>
        <translation>盈亏</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="179"/>
        <source>Trading days</source>
        <translation>交易日数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="190"/>
        <source>Period:</source>
        <translation>时间范围：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="207"/>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="226"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="335"/>
        <source>No group selected.</source>
        <translation>未选择客户群。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="336"/>
        <source>Choose a group.</source>
        <translation>请选择客户群。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="351"/>
        <source>Only the owner changes a group; you can read it.</source>
        <translation>只有所有者可以修改客户群；您只能查看。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="356"/>
        <source>New customer group</source>
        <translation>新建客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="356"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="365"/>
        <source>Rename customer group</source>
        <translation>重命名客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="365"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="375"/>
        <source>Delete the group “%1” with its %2 members? The customers themselves are not deleted.</source>
        <translation>删除客户群“%1”及其 %2 名成员？客户本身不会被删除。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="377"/>
        <source>Delete customer group</source>
        <translation>删除客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="418"/>
        <source>%1 members</source>
        <translation>%1 名成员</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="420"/>
        <source>(showing %1)</source>
        <translation>（显示 %1 名）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="434"/>
        <source>Remove %1 customers from the group “%2”?</source>
        <translation>将 %1 名客户移出客户群“%2”？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="474"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="479"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="482"/>
        <source>%1 to %2: %3 members, %4 with trading data. Total assets: each member&apos;s last trading day in the period.</source>
        <translation>%1 至 %2：%3 名成员，其中 %4 名有交易数据。总资产取每名成员在该期间最后一个交易日的数据。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="487"/>
        <source>This group has no members yet: select customers in the list and use “Add to group”, or add the whole filtered list.</source>
        <translation>该客户群暂无成员：请在列表中选择客户后使用“加入客户群”，或加入过滤后的整个列表。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="490"/>
        <source>The table shows the first %1 members; the totals cover all of them.</source>
        <translation>表格仅显示前 %1 名成员；合计包含全部成员。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="509"/>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="525"/>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="531"/>
        <source>Export group statistics</source>
        <translation>导出客户群统计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="526"/>
        <source>Exported %1 rows to %2.</source>
        <translation>已导出 %1 行到 %2。</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="95"/>
        <source>Last %1 trading days</source>
        <translation>最近 %1 个交易日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="101"/>
        <source>Period:</source>
        <translation>时间范围：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="116"/>
        <source>Date</source>
        <translation>交易日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="117"/>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="187"/>
        <source>Total assets</source>
        <translation>总资产</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="118"/>
        <source>Market value</source>
        <translation>市值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="119"/>
        <source>Cash</source>
        <translation>资金余额</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="120"/>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="195"/>
        <source>Trade volume</source>
        <translation>成交额</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="121"/>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="201"/>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="122"/>
        <source>Net commission</source>
        <translation>净佣金</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="123"/>
        <source>Profit/loss</source>
        <translation>盈亏</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="165"/>
        <source>%1 to %2: trade volume %3, commission %4 (CNY)</source>
        <translation>%1 至 %2：成交额 %3，佣金 %4（元）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="169"/>
        <source>No daily data loaded for this customer.</source>
        <translation>该客户暂无已加载的每日数据。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="177"/>
        <source>No daily data</source>
        <translation>暂无每日数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="189"/>
        <source>Assets (10k CNY)</source>
        <translation>资产（万元）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="196"/>
        <source>Volume (10k CNY)</source>
        <translation>成交额（万元）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/history_page.py" line="202"/>
        <source>Commission (CNY)</source>
        <translation>佣金（元）</translation>
    </message>
</context>
<context>
    <name>HolidayDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="232"/>
        <source>Add holiday</source>
        <translation>添加节假日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="238"/>
        <source>e.g. 国庆节</source>
        <translation>例如：国庆节</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="243"/>
        <source>Day:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="244"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="255"/>
        <source>Enter the holiday&apos;s name.</source>
        <translation>请输入节假日名称。</translation>
    </message>
</context>
<context>
    <name>HolidaysPage</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="270"/>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="276"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="277"/>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="278"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="284"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="286"/>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="338"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="289"/>
        <source>Year:</source>
        <translation>年份：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="295"/>
        <source>Working days exclude weekends and these holidays (the 20-working-day reservation window).</source>
        <translation>工作日不含周末及以下节假日（用于计算 20 个工作日的预约有效期）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="310"/>
        <source>%1 holidays in %2</source>
        <translation>%2 年共 %1 个节假日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="335"/>
        <source>Remove holiday</source>
        <translation>删除节假日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/admin_pages.py" line="336"/>
        <source>Remove %1 (%2)? It becomes a working day unless it is a weekend.</source>
        <translation>删除 %1（%2）？删除后该日将成为工作日（周末除外）。</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="163"/>
        <source>Reservation import</source>
        <translation>预约导入</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="172"/>
        <source>%1 rows read from %2; %3 rows have errors, so nothing was imported (all or nothing). Correct the file and import it again, or import the %4 valid rows only.</source>
        <translation>从 %2 读取 %1 行；其中 %3 行有错误，因此未导入任何数据（须全部无误才导入）。请更正文件后重新导入，或仅导入 %4 行有效数据。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="177"/>
        <source>%1 rows read from %2; %3 imported; %4 rows with errors were skipped.</source>
        <translation>从 %2 读取 %1 行；已导入 %3 行；跳过 %4 行有错误的数据。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="180"/>
        <source>%1 rows read from %2; %3 reservations imported.</source>
        <translation>从 %2 读取 %1 行；已导入 %3 条预约。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="184"/>
        <source>Sheet “%1”.</source>
        <translation>工作表“%1”。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="186"/>
        <source>%1 rows were skipped: these people already have an open reservation at that branch.</source>
        <translation>%1行已跳过：这些客户在该营业部已有未结束的预约。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="192"/>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="103"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="192"/>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="103"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="192"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="207"/>
        <source>Import valid rows only</source>
        <translation>仅导入有效行</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="96"/>
        <source>Sales target import</source>
        <translation>销售任务导入</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="98"/>
        <source>%1: %2 rows read, %3 targets set, %4 rows with errors.</source>
        <translation>%1：读取 %2 行，设定 %3 项任务，%4 行有错误。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="103"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>LayoutEditing</name>
    <message>
        <location filename="../../crm_desktop/ui/analysis/editing.py" line="45"/>
        <source>Measures go to Values; dimensions go to Rows, Columns or Filters.</source>
        <translation>指标只能放入“值”；维度可放入“行”、“列”或“筛选”。</translation>
    </message>
</context>
<context>
    <name>LayoutRun</name>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="53"/>
        <source>Drag a measure (for example 佣金 commission) into Values to see numbers.</source>
        <translation>请将指标（例如佣金）拖到“值”区域以查看数据。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="64"/>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="77"/>
        <source>Not run: the result would be too large.</source>
        <translation>未运行：结果数据量过大。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="83"/>
        <source>This layout has one row per customer and may give many thousands of cells, which is slow to show and hard to read. Show the top %3 rows by the first value instead?</source>
        <translation>该布局每名客户一行，可能产生数千个以上的单元格，显示缓慢且不便阅读。是否改为按第一个值只显示前 %3 行？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="86"/>
        <source>This layout gives about %1 cells (more than %2), which is slow to show and hard to read. Show the top %3 rows by the first value instead?</source>
        <translation>该布局约有 %1 个单元格（超过 %2 个），显示缓慢且不便阅读。是否改为按第一个值只显示前 %3 行？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="88"/>
        <source>A large result</source>
        <translation>结果数据量较大</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="91"/>
        <source>Show top %1</source>
        <translation>显示前 %1 行</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="92"/>
        <source>Run anyway</source>
        <translation>仍然运行</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="104"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="127"/>
        <source>No data for this layout and period.</source>
        <translation>该布局在此时间范围内没有数据。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="132"/>
        <source>%1 · %2 s · %3 cells</source>
        <translation>%1 · %2 秒 · %3 个单元格</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="137"/>
        <source>truncated: narrow the layout</source>
        <translation>结果已截断：请缩小布局范围</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/running.py" line="140"/>
        <source>Which table answered and how long the server took</source>
        <translation>数据来源表及服务器耗时</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="62"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="70"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="73"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="79"/>
        <source>Locked — %1</source>
        <translation>已锁定 — %1</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="51"/>
        <source>Everyone I may see</source>
        <translation>我可查看的全部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="52"/>
        <source>Only mine</source>
        <translation>仅我发送的</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="54"/>
        <source>All branches</source>
        <translation>全部营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="56"/>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="68"/>
        <source>Show every customer again</source>
        <translation>重新显示全部客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="71"/>
        <source>Only this customer</source>
        <translation>仅此客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="72"/>
        <source>The messages to the selected row&apos;s customer</source>
        <translation>所选行客户的短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="74"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="75"/>
        <source>Every message matching the filters to .xlsx (Ctrl+E)</source>
        <translation>将符合筛选条件的全部短信导出为 .xlsx（Ctrl+E）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="83"/>
        <source>◀ Newer</source>
        <translation>◀ 较新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="84"/>
        <source>The newer page (Alt+Left)</source>
        <translation>较新的一页（Alt+←）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="86"/>
        <source>Older ▶</source>
        <translation>较早 ▶</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="87"/>
        <source>The older page (Alt+Right)</source>
        <translation>较早的一页（Alt+→）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="97"/>
        <source>Sender:</source>
        <translation>发送人：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="97"/>
        <source>Branch:</source>
        <translation>营业部：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="98"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="98"/>
        <source>From:</source>
        <translation>从：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="99"/>
        <source>To:</source>
        <translation>至：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="129"/>
        <source>Sender</source>
        <translation>发送人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="129"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="130"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="131"/>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="134"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="141"/>
        <source>Customer: %1 ✕</source>
        <translation>客户：%1 ✕</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="186"/>
        <source>The first day is after the last day.</source>
        <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="203"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="205"/>
        <source>No messages match.</source>
        <translation>没有符合条件的短信。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="207"/>
        <source>Messages %1–%2 of %3, newest first</source>
        <translation>第 %1–%2 条，共 %3 条，最新的在前</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="219"/>
        <source>Export SMS log</source>
        <translation>导出短信记录</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="45"/>
        <source>Branch CRM — Sign in</source>
        <translation>营业部CRM — 登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="49"/>
        <source>Branch CRM</source>
        <translation>营业部CRM</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="63"/>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="64"/>
        <source>employee login</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="65"/>
        <source>Login:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="67"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="71"/>
        <source>Remember my login</source>
        <translation>记住账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="72"/>
        <source>Remember my password</source>
        <translation>记住密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="86"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="90"/>
        <source>Request registration of this PC</source>
        <translation>申请登记本机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="108"/>
        <source>Forgot password?</source>
        <translation>忘记密码？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="112"/>
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="114"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="138"/>
        <source>This PC (embedded demo database)</source>
        <translation>本机（内置演示数据库）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="162"/>
        <source>Starting the local database…</source>
        <translation>正在启动本地数据库…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="164"/>
        <source>staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="164"/>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="165"/>
        <source>extended customer data</source>
        <translation>客户扩展信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="166"/>
        <source>daily trading figures</source>
        <translation>每日交易数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="166"/>
        <source>indexes</source>
        <translation>索引</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="167"/>
        <source>statistics</source>
        <translation>统计信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="171"/>
        <source>Creating demo data (first start only): %1</source>
        <translation>正在生成演示数据（仅首次启动）：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="191"/>
        <source>The system is under maintenance: %1</source>
        <translation>系统维护中：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="225"/>
        <source>Enter your login and password.</source>
        <translation>请输入账号和密码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="252"/>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="294"/>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="288"/>
        <source>Your request to register this PC went to your branch administrator. Sign in again once they have approved it.</source>
        <translation>登记本机的申请已提交给营业部管理员。管理员批准后请重新登录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="299"/>
        <source>This is your first sign-in or your password was reset: choose your own password.</source>
        <translation>这是您首次登录或密码已被重置：请设置您自己的密码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="302"/>
        <source>You must change your password before you can continue.</source>
        <translation>您必须先修改密码才能继续。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="321"/>
        <source>Your branch administrator %1 can reset your password. You will get a temporary password to change at the next sign-in.</source>
        <translation>营业部管理员 %1 可以为您重置密码。您将获得一个临时密码，下次登录时须修改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="325"/>
        <source>Your branch administrator can reset your password. Enter your login first to see who that is.</source>
        <translation>营业部管理员可以为您重置密码。请先输入账号，以查看您的管理员是谁。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/login_dialog.py" line="327"/>
        <source>Forgot password</source>
        <translation>忘记密码</translation>
    </message>
</context>
<context>
    <name>LoginEventsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="41"/>
        <source>Login events</source>
        <translation>登录日志</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="43"/>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="44"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="45"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="46"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="47"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="48"/>
        <source>Host</source>
        <translation>主机名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="49"/>
        <source>MACs</source>
        <translation>MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="51"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="58"/>
        <source>Login contains…</source>
        <translation>账号包含…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="61"/>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="65"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="84"/>
        <source>Showing the newest %1 events only: narrow the filter to see older ones.</source>
        <translation>仅显示最新的 %1 条日志：缩小筛选范围可查看更早的日志。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/login_events_page.py" line="88"/>
        <source>%1 events</source>
        <translation>共 %1 条日志</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="110"/>
        <source>Branch CRM — %1</source>
        <translation>营业部CRM — %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="152"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="153"/>
        <location filename="../../crm_desktop/ui/main_window.py" line="176"/>
        <source>Reminders</source>
        <translation>今日提醒</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="154"/>
        <location filename="../../crm_desktop/ui/main_window.py" line="182"/>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="155"/>
        <source>Sales targets</source>
        <translation>销售任务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="158"/>
        <source>Analysis</source>
        <translation>多维分析</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="160"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="164"/>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="223"/>
        <source>&amp;Account</source>
        <translation>账号(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="224"/>
        <source>Change password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="226"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="228"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="230"/>
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="237"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="246"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="247"/>
        <location filename="../../crm_desktop/ui/main_window.py" line="506"/>
        <source>About Branch CRM</source>
        <translation>关于营业部CRM</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="253"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="269"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="270"/>
        <location filename="../../crm_desktop/ui/main_window.py" line="311"/>
        <source>T+1 data: %1</source>
        <translation>T+1数据：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="314"/>
        <source>Server: embedded demo</source>
        <translation>服务器：内置演示库</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="315"/>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="329"/>
        <source>Analysis: read replica</source>
        <translation>分析：只读副本</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="331"/>
        <source>Analysis on the main server: the read replica is behind</source>
        <translation>分析在主服务器上运行：只读副本同步滞后</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="332"/>
        <source>Analysis on the main server: the read replica is %1 min behind</source>
        <translation>分析在主服务器上运行：只读副本同步滞后 %1 分钟</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="335"/>
        <source>Analysis on the main server: the configured read replica is not a replica</source>
        <translation>分析在主服务器上运行：配置的只读副本不是备库</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="337"/>
        <source>Analysis on the main server: the read replica cannot be reached</source>
        <translation>分析在主服务器上运行：无法连接只读副本</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="339"/>
        <source>Analysis: main server</source>
        <translation>分析：主服务器</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="347"/>
        <source>● connected</source>
        <translation>● 已连接</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="347"/>
        <source>● disconnected</source>
        <translation>● 已断开</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="363"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="364"/>
        <source>Some tabs have unsaved changes. Save them before signing out?</source>
        <translation>部分页面有未保存的修改。退出登录前是否保存？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="414"/>
        <source>Wrong password (%1 of %2 tries).</source>
        <translation>密码错误（第 %1 次，共 %2 次机会）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="498"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="498"/>
        <source>Your password was changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="502"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="503"/>
        <source>The language changes the next time the application starts.</source>
        <translation>语言将在下次启动程序时生效。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/main_window.py" line="507"/>
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
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="411"/>
        <location filename="../../crm_desktop/ui/messages.py" line="64"/>
        <source>Invalid input: %1</source>
        <translation>输入无效：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="22"/>
        <source>Wrong login or password.</source>
        <translation>账号或密码错误。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="27"/>
        <source>This account is frozen (for example after too many wrong passwords). Please contact your branch administrator to unfreeze it.</source>
        <translation>该账号已被冻结（例如密码输错次数过多）。请联系营业部管理员解冻。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="30"/>
        <source>This account is closed or frozen. Please contact your branch administrator.</source>
        <translation>该账号已销户或已冻结。请联系营业部管理员。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="32"/>
        <source>The temporary password has expired. Please ask your branch administrator for a new one.</source>
        <translation>临时密码已过期。请联系营业部管理员重新获取。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="34"/>
        <source>This PC is not registered for your account. Give the addresses below to your branch administrator, who can bind this PC to your account.</source>
        <translation>本机未登记到您的账号。请将下列地址提供给营业部管理员，由其将本机绑定到您的账号。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="37"/>
        <source>This version of Branch CRM (%1) may no longer sign in: HQ requires version %2 or newer. Install the new version from:</source>
        <translation>此版本的营业部CRM（%1）已不能登录：总部要求 %2 或更新的版本。请从以下地址安装新版本：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="42"/>
        <source>The server was upgraded for a newer version of Branch CRM (database schema %1); this version (%2) cannot work with it. Ask IT to install the current version.</source>
        <translation>服务器已为更新版本的营业部CRM升级（数据库结构 %1），此版本（%2）无法使用。请联系 IT 安装当前版本。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="47"/>
        <source>The system is under maintenance: %1</source>
        <translation>系统维护中：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="49"/>
        <source>You must change your password before you can continue.</source>
        <translation>您必须先修改密码才能继续。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="51"/>
        <source>This login is not a CRM staff account.</source>
        <translation>该账号不是 CRM 员工账号。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="53"/>
        <source>The server refused the new password: %1</source>
        <translation>服务器拒绝了新密码：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="55"/>
        <source>The server cannot be reached. Check the network and try again.
(%1)</source>
        <translation>无法连接服务器。请检查网络后重试。
（%1）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="57"/>
        <source>The server ended your session (an administrator, a time limit or a frozen account). Your unsaved work is kept: sign in again to continue.</source>
        <translation>服务器已结束您的会话（管理员操作、超时或账号被冻结）。未保存的内容已保留，请重新登录后继续。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="60"/>
        <source>You are not permitted to do this: %1</source>
        <translation>您无权执行此操作：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="62"/>
        <source>Not found, or not visible to you: %1</source>
        <translation>未找到，或您无权查看：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="66"/>
        <source>Already exists: %1</source>
        <translation>已存在：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="68"/>
        <source>This step was already decided; nothing was changed: %1</source>
        <translation>该步骤已审批，未做任何更改：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="70"/>
        <source>The brokerage relationship changed meanwhile; nothing was changed: %1</source>
        <translation>经纪关系已发生变化，未做任何更改：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="72"/>
        <source>A request of this kind is already pending: %1</source>
        <translation>已有同类申请正在审批中：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="74"/>
        <source>Four eyes: nobody grants rights to, or decides for, themselves, and nobody decides two steps of one request. Nothing was changed: %1</source>
        <translation>双人原则：任何人都不能给自己授权或审批与自己有关的申请，也不能审批同一申请的两个步骤。未做任何更改：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="77"/>
        <source>Only marketing staff and brokers can hold a development or service relationship; nothing was changed: %1</source>
        <translation>只有营销人员和经纪人可以建立开发关系或服务关系；未做任何更改：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/messages.py" line="82"/>
        <source>Administrator: %1</source>
        <translation>管理员：%1</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="255"/>
        <source>Move subscriptions to another sender</source>
        <translation>订阅转给其他发送人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="256"/>
        <source>Every subscription sent by %1 (%2) moves to the sender chosen below once the branch&apos;s marketing director and HQ approve.</source>
        <translation>%1（%2）发送的全部订阅，经本营业部营销总监和总部审批通过后，转给下面选择的发送人。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="263"/>
        <source>The branch changed its information manager (信息管理员).</source>
        <translation>营业部更换了信息管理员。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="267"/>
        <source>Submit request</source>
        <translation>提交申请</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="273"/>
        <source>New sender:</source>
        <translation>新发送人：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="274"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="289"/>
        <source>The branch has no other sender (短信发送) yet: HQ grants the right first.</source>
        <translation>本营业部还没有其他有短信发送权限的人员：请先由总部赋权。</translation>
    </message>
</context>
<context>
    <name>MyTargets</name>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="154"/>
        <source>My targets</source>
        <translation>我的任务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="155"/>
        <source>No target has been set for you in this period.</source>
        <translation>本期尚未给您设定销售任务。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="180"/>
        <source>%1 of %2 %3</source>
        <translation>已完成 %1 / 目标 %2 %3</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="111"/>
        <source>Login of the staff member, e.g. bj01_mkt03</source>
        <translation>员工账号，例如 bj01_mkt03</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="120"/>
        <source>Staff login *:</source>
        <translation>员工账号 *：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="121"/>
        <source>Reason / note:</source>
        <translation>原因/备注：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="122"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="127"/>
        <source>Enter the login of the staff member.</source>
        <translation>请输入员工账号。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="132"/>
        <source>The note is too long (at most 1000 characters).</source>
        <translation>备注过长（最多 1000 个字符）。</translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="46"/>
        <source>Policy</source>
        <translation>安全策略</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="60"/>
        <source>Sign-in and lockout</source>
        <translation>登录与锁定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="62"/>
        <source> failures</source>
        <translation> 次失败</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="63"/>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="64"/>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="65"/>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="82"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="66"/>
        <source> locks</source>
        <translation> 次锁定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="67"/>
        <source> characters</source>
        <translation> 个字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="68"/>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="83"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="69"/>
        <source>Allow “remember my password” on PCs</source>
        <translation>允许在电脑上“记住密码”</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="71"/>
        <source>Lock an account after:</source>
        <translation>账号锁定阈值：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="72"/>
        <source>…wrong passwords within:</source>
        <translation>…统计时间窗口：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="73"/>
        <source>…for (doubling with each further lock):</source>
        <translation>…锁定时长（每再锁定一次加倍）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="74"/>
        <source>Longest lock:</source>
        <translation>最长锁定：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="75"/>
        <source>Freeze the account after:</source>
        <translation>锁定次数达到后冻结账号：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="76"/>
        <source>Minimum password length:</source>
        <translation>密码最短长度：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="77"/>
        <source>Temporary passwords valid for:</source>
        <translation>临时密码有效期：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="80"/>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="84"/>
        <source>Lock and sign out when idle for:</source>
        <translation>空闲超时（锁定并退出）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="85"/>
        <source>Longest session:</source>
        <translation>会话最长时间：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="86"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="87"/>
        <source>End a transaction running longer than (exports excepted):</source>
        <translation>结束运行超过此时长的事务（导出除外）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="90"/>
        <source>Maintenance (系统维护)</source>
        <translation>系统维护</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="92"/>
        <source>System under maintenance: only administrators may sign in</source>
        <translation>系统维护中：仅管理员可登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="95"/>
        <source>Message shown at sign-in</source>
        <translation>登录时显示的提示信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="97"/>
        <source>Message:</source>
        <translation>提示信息：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="102"/>
        <source>Only HQ administrators can change the policy; you see it read-only.</source>
        <translation>只有总部管理员可以修改安全策略；您只能查看。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="108"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="110"/>
        <source>Revert</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="112"/>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="121"/>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="197"/>
        <source>HQ agent</source>
        <translation>总部代理程序</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="177"/>
        <source>Last changed %1 by %2</source>
        <translation>最后修改：%1，修改人：%2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="189"/>
        <source>Only HQ administrators can change the policy.</source>
        <translation>只有总部管理员可以修改安全策略。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="201"/>
        <source>The HQ agent has not run yet.</source>
        <translation>总部代理程序尚未运行。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="204"/>
        <source>Lockout watcher (server log)</source>
        <translation>锁定监视（服务器日志）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="204"/>
        <source>Lock expiry</source>
        <translation>锁定到期解除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="205"/>
        <source>Passwords set outside the policy</source>
        <translation>绕过策略设置的密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="206"/>
        <source>Session limits</source>
        <translation>会话时限</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="206"/>
        <source>Stale sessions</source>
        <translation>失效会话清理</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="207"/>
        <source>T+1 pickup</source>
        <translation>T+1 数据导入</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="210"/>
        <source>%1: last run %2, %3</source>
        <translation>%1：上次运行 %2，%3</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="212"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="212"/>
        <source>FAILED</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="214"/>
        <source>; log records skipped: %1 (last run), %2 (total)</source>
        <translation>；跳过的日志记录：%1（上次运行），%2（累计）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="217"/>
        <source>last error %1: %2</source>
        <translation>上次错误 %1：%2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="240"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/policy_page.py" line="247"/>
        <source>Save policy</source>
        <translation>保存安全策略</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="177"/>
        <source>Publish an issue of “%1”</source>
        <translation>发布“%1”的一期信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="180"/>
        <source>The text sent to every subscriber. {姓名} {称呼} {营业部} and {员工} (the subscription&apos;s sender) are filled in per subscriber.</source>
        <translation>发给每位订阅客户的内容。{姓名} {称呼} {营业部} 和 {员工}（该订阅的发送人）按每位订阅客户填入。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="187"/>
        <source>Preview recipients and cost</source>
        <translation>预览接收人和费用</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="189"/>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="191"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="199"/>
        <source>Column: %1</source>
        <translation>栏目：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="208"/>
        <source>%1 characters, %2 parts</source>
        <translation>%1 个字，%2 条计费</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="213"/>
        <source>The text changed: preview again before publishing.</source>
        <translation>内容已修改：发布前请重新预览。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="220"/>
        <source>%1 subscribers: %2 will receive it, %3 message parts, cost %4.</source>
        <translation>订阅客户 %1 位：%2 位将收到，共 %3 条计费，费用 %4。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="224"/>
        <source>Skipped: %1</source>
        <translation>跳过：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="226"/>
        <source>%1 needs %2 parts but has %3 left this month: the rest of theirs will be skipped as over quota.</source>
        <translation>%1 需要 %2 条，本月只剩 %3 条：其余订阅客户将因超出条数被跳过。</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="26"/>
        <source>After %1 wrong passwords within %2 minutes the account is locked for %3 minutes; repeated locks last longer (up to %4 minutes) and then freeze the account until an administrator unfreezes it.</source>
        <translation>%2 分钟内密码错误 %1 次，账号将被锁定 %3 分钟；再次锁定时间更长（最长 %4 分钟），之后账号将被冻结，需由管理员解冻。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="35"/>
        <source>Too many wrong passwords: this account is locked until %1. Try again then, or ask an administrator to unlock it now.</source>
        <translation>密码错误次数过多：账号已锁定至 %1。请届时再试，或请管理员立即解锁。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="41"/>
        <source>too many wrong passwords</source>
        <translation>密码错误次数过多</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="41"/>
        <source>frozen by an administrator</source>
        <translation>由管理员冻结</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="50"/>
        <source>%1 wrong passwords within %2 minutes: locked for %3 minutes (until %4)</source>
        <translation>%2 分钟内密码错误 %1 次：锁定 %3 分钟（至 %4）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="54"/>
        <source>%1 wrong passwords within %2 minutes after earlier locks: frozen</source>
        <translation>此前已多次锁定后，%2 分钟内密码错误 %1 次：已冻结</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="57"/>
        <source>the lock&apos;s time is over</source>
        <translation>锁定时间已到</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="59"/>
        <source>unlocked by an administrator</source>
        <translation>由管理员解锁</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="61"/>
        <source>password set outside the password policy: a change is required at the next sign-in</source>
        <translation>绕过密码策略设置了密码：下次登录时必须修改密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="63"/>
        <source>a transaction ran longer than %1 seconds</source>
        <translation>事务运行超过 %1 秒</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="65"/>
        <source>this PC is not registered for this account</source>
        <translation>此电脑未登记到该账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="72"/>
        <source>from %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="82"/>
        <source>account frozen: %1</source>
        <translation>账号已冻结：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="84"/>
        <source>signed out</source>
        <translation>已退出</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="85"/>
        <source>session reopened on the same connection</source>
        <translation>同一连接上重新打开了会话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="86"/>
        <source>connection lost</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="87"/>
        <source>idle too long</source>
        <translation>空闲时间过长</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="88"/>
        <source>session older than the longest session allowed</source>
        <translation>会话超过允许的最长时长</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="89"/>
        <source>a transaction ran longer than the policy allows</source>
        <translation>事务运行时间超过策略允许的时长</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="90"/>
        <source>account closed</source>
        <translation>账号已销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="91"/>
        <source>password reset by an administrator</source>
        <translation>管理员重置了密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reasons.py" line="92"/>
        <source>password set outside the password policy</source>
        <translation>绕过密码策略设置了密码</translation>
    </message>
</context>
<context>
    <name>RecyclingPage</name>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="52"/>
        <source>Pool recycling (公共池回收)</source>
        <translation>公共池回收</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="59"/>
        <source>Return customers nobody visits or contacts to the public pool</source>
        <translation>无人拜访、无人联系的客户回收到公共池</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="63"/>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="66"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="67"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="72"/>
        <source>Policy (set by HQ)</source>
        <translation>回收策略（总部设定）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="75"/>
        <source>Recycle after no visit and no contact for:</source>
        <translation>连续未拜访且未联系满：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="76"/>
        <source>Warn the owner in Reminders this many days ahead:</source>
        <translation>提前几天在今日提醒中提示所属员工：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="86"/>
        <source>Run at</source>
        <translation>回收时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="87"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="88"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="89"/>
        <source>Relationships</source>
        <translation>经纪关系数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="90"/>
        <source>Days without contact</source>
        <translation>未联系天数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="91"/>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="104"/>
        <source>Reversed</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="99"/>
        <source>Account no.</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="100"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="101"/>
        <source>Developer</source>
        <translation>开发人员</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="102"/>
        <source>Service staff</source>
        <translation>服务人员</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="103"/>
        <source>Last visit or contact</source>
        <translation>最近拜访或联系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="110"/>
        <source>Reverse…</source>
        <translation>撤销回收…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="111"/>
        <source>Give the customer back to the staff member it was recycled from</source>
        <translation>把客户交还给被回收前的员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="133"/>
        <source>Recycling runs of the HQ agent (newest first); choose one to see its customers.</source>
        <translation>总部代理程序的回收记录（最新在前）；选中一条查看回收的客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="146"/>
        <source>Never (since %1)</source>
        <translation>从未联系（自 %1 起）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="152"/>
        <source>%1 by %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="199"/>
        <source>No customer has been recycled in any branch.</source>
        <translation>各营业部都还没有客户被回收。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="201"/>
        <source>No customer of %1 has been recycled.</source>
        <translation>%1还没有客户被回收。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="202"/>
        <source>No customer has been recycled in the %1 branches you oversee.</source>
        <translation>您负责的 %1 个营业部还没有客户被回收。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="222"/>
        <source>On since %1.</source>
        <translation>自 %1 起启用。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="223"/>
        <source>Off: nobody is recycled.</source>
        <translation>未启用：不回收任何客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="224"/>
        <source>Last changed by %1 at %2.</source>
        <translation>最后由 %1 于 %2 修改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="235"/>
        <source>%1 — %2: %3 customers</source>
        <translation>%1 — %2：%3 位客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="254"/>
        <source>The warning must come fewer days ahead than the days without contact.</source>
        <translation>提前提醒天数必须少于未联系天数。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="259"/>
        <source>Policy saved.</source>
        <translation>策略已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="267"/>
        <source>Reverse the recycling</source>
        <translation>撤销回收</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="268"/>
        <source>Give %1 (%2) back to %3. Reason:</source>
        <translation>把 %1（%2）交还给 %3。原因：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="275"/>
        <source>The reason may have at most %1 characters.</source>
        <translation>原因最多 %1 个字。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/pool_recycling/page.py" line="280"/>
        <source>%1 is %2&apos;s customer again.</source>
        <translation>%1 重新成为 %2 的客户。</translation>
    </message>
</context>
<context>
    <name>RecyclingSection</name>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="33"/>
        <source>Log a visit…</source>
        <translation>记录拜访…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="34"/>
        <source>Open the customer&apos;s visit form (Ctrl+Shift+R)</source>
        <translation>打开该客户的拜访记录表（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="36"/>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="37"/>
        <source>The customer&apos;s window (Enter)</source>
        <translation>客户窗口（回车）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="55"/>
        <source>Due now</source>
        <translation>即将回收</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="56"/>
        <source>%1 days left</source>
        <translation>还剩 %1 天</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="60"/>
        <source>Never (since %1)</source>
        <translation>从未联系（自 %1 起）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="65"/>
        <source>Recycled in</source>
        <translation>距回收</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="66"/>
        <source>Recycling date</source>
        <translation>回收日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="67"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="68"/>
        <source>Account no.</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="69"/>
        <source>Last visit or contact</source>
        <translation>最近拜访或联系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="70"/>
        <source>Developed since</source>
        <translation>开发起始日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="71"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="77"/>
        <source>None of your customers is about to return to the public pool.</source>
        <translation>您没有即将回收到公共池的客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/recycling.py" line="83"/>
        <source>About to be recycled to the public pool (即将回收)</source>
        <translation>即将回收到公共池</translation>
    </message>
</context>
<context>
    <name>ReferencePage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="59"/>
        <source>VIP levels and asset ranges</source>
        <translation>贵宾等级与资产区间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="63"/>
        <source>VIP thresholds (minimum total assets, 10 000 CNY)</source>
        <translation>贵宾门槛（最低总资产，万元）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="65"/>
        <source>Save VIP thresholds</source>
        <translation>保存贵宾门槛</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="67"/>
        <source>A change applies from the next T+1 load: each loaded day gets the level of that day&apos;s assets. Days already loaded keep the level they had; the latest trading day can be recomputed at the saved thresholds now (in the background; the customer list and the analysis follow).</source>
        <translation>修改自下一次 T+1 数据加载起生效：每个加载日按当日资产确定等级。已加载的日期保持原有等级；最新交易日可以立即按已保存的门槛重算（在后台进行，客户列表与多维分析随之更新）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="72"/>
        <source>Recompute the latest trading day at the saved thresholds</source>
        <translation>按新标准重算最新交易日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="82"/>
        <source>Default asset ranges of the analysis (资产区间)</source>
        <translation>多维分析的默认资产区间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="85"/>
        <source>e.g. 1, 10, 50, 100</source>
        <translation>例如 1, 10, 50, 100</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="86"/>
        <source>Save asset ranges</source>
        <translation>保存资产区间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="88"/>
        <source>Edges in 10 000 CNY, increasing, separated by commas: 1, 10 gives below 1, 1 to 10 and 10 or more. Applies to every analysis without its own ranges from its next run; a layout with its own ranges keeps them.</source>
        <translation>分界点以万元为单位，递增，用逗号分隔：1, 10 表示 1 以下、1 至 10、10 及以上。未自定义区间的分析在下次运行时采用；自定义了区间的布局保持不变。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="93"/>
        <source>Edges:</source>
        <translation>分界点：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="95"/>
        <source>Rebuild the branch summary at the saved ranges</source>
        <translation>按新区间重建营业部汇总</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="110"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="139"/>
        <source>The branch summary uses these ranges: analyses by asset range read it.</source>
        <translation>营业部汇总已按这些区间建立：按资产区间的分析直接读取它。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="140"/>
        <source>The branch summary is built with other ranges: analyses by asset range read the customer summary (exact, but slower) until it is rebuilt at these ranges.</source>
        <translation>营业部汇总仍按其他区间建立：在按这些区间重建之前，按资产区间的分析改读客户汇总（结果准确，但较慢）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="150"/>
        <source>%1 from:</source>
        <translation>%1 起点：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="160"/>
        <source>Each VIP threshold must be one positive amount in 10 000 CNY, e.g. 50. Nothing was saved.</source>
        <translation>每个贵宾门槛须为一个正数金额（万元），例如 50。未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="164"/>
        <source>Each VIP level needs a higher threshold than the level below it. Nothing was saved.</source>
        <translation>每个贵宾等级的门槛须高于其下一级。未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="168"/>
        <source>VIP thresholds saved; they apply from the next T+1 load.</source>
        <translation>贵宾门槛已保存，自下一次 T+1 数据加载起生效。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="171"/>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="229"/>
        <source>VIP thresholds</source>
        <translation>贵宾门槛</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="178"/>
        <source>The asset range edges must be positive amounts in 10 000 CNY, increasing, separated by commas (e.g. 1, 10, 50). Nothing was saved.</source>
        <translation>资产区间分界点须为递增的正数金额（万元），用逗号分隔（例如 1, 10, 50）。未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="183"/>
        <source>Default asset ranges saved.</source>
        <translation>默认资产区间已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="186"/>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="244"/>
        <source>Asset ranges</source>
        <translation>资产区间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="210"/>
        <source>Recompute the VIP level of every customer on the latest trading day at the saved thresholds? Earlier days keep their levels. It runs in the background and can be cancelled.</source>
        <translation>按已保存的门槛重算最新交易日每位客户的贵宾等级吗？更早的日期保持原有等级。重算在后台进行，可以取消。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="218"/>
        <source>Cancelled: %1 of %2 customers of %3 recomputed; run it again to finish.</source>
        <translation>已取消：%3 的 %2 位客户中已重算 %1 位；再运行一次即可完成。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="222"/>
        <source>VIP levels of %1 recomputed: %2 customers, %3 changed level.</source>
        <translation>%1 的贵宾等级已重算：共 %2 位客户，%3 位等级有变化。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="226"/>
        <source>Recomputing the latest trading day&apos;s VIP levels…</source>
        <translation>正在重算最新交易日的贵宾等级…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="235"/>
        <source>Cancelled: %1 months rebuilt, %2 left; run it again to finish.</source>
        <translation>已取消：已重建 %1 个月，剩余 %2 个月；再运行一次即可完成。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="238"/>
        <source>Branch summary rebuilt at the saved ranges (%1 months).</source>
        <translation>营业部汇总已按保存的区间重建（%1 个月）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="242"/>
        <source>Rebuilding the branch summary month by month…</source>
        <translation>正在逐月重建营业部汇总…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/reference_page.py" line="255"/>
        <source>Cancelled: what was done so far stays; run it again to finish.</source>
        <translation>已取消：已完成的部分保留；再运行一次即可完成。</translation>
    </message>
</context>
<context>
    <name>Refusal</name>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="26"/>
        <source>development</source>
        <translation>开发</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="27"/>
        <source>service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="28"/>
        <source>pending</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="29"/>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="30"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="31"/>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="32"/>
        <source>failed</source>
        <translation>执行失败</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="33"/>
        <source>open</source>
        <translation>待匹配</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="34"/>
        <source>matched</source>
        <translation>已匹配</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="35"/>
        <source>in review</source>
        <translation>待复核</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="36"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="56"/>
        <source>this login is not a CRM staff account</source>
        <translation>此登录不是CRM员工账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="57"/>
        <source>the SMS send right (短信发送) is required</source>
        <translation>需要短信发送权限（短信发送）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="58"/>
        <source>ask for a monthly quota, a branch volume or both</source>
        <translation>请申请每月发送条数、营业部月发送量，或两者</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="59"/>
        <source>a monthly SMS quota is a whole number from 1 to 10 000 000</source>
        <translation>每月发送条数须为 1 至 10 000 000 的整数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="60"/>
        <source>a monthly SMS volume is a whole number from 1 to 100 000 000</source>
        <translation>营业部月发送量须为 1 至 100 000 000 的整数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="61"/>
        <source>a note has at most 1 000 characters</source>
        <translation>备注最多 1 000 个字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="62"/>
        <source>no such staff member</source>
        <translation>没有该员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="63"/>
        <source>only a sender (短信发送) or an administrator of the branch asks to move its subscriptions</source>
        <translation>只有本营业部的短信发送人（短信发送）或管理员可以申请转移其订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="65"/>
        <source>choose another sender to move the subscriptions to</source>
        <translation>请选择另一位发送人来接收这些订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="66"/>
        <source>the new sender must be of the same branch</source>
        <translation>新发送人必须属于同一营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="67"/>
        <source>%1 is not an active holder of the SMS send right (短信发送)</source>
        <translation>%1 不是在职的短信发送权限（短信发送）持有人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="68"/>
        <source>%1 sends no subscriptions</source>
        <translation>%1 没有负责发送的订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="69"/>
        <source>delivery reports are a JSON array</source>
        <translation>状态报告须为 JSON 数组</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="70"/>
        <source>results are a JSON array</source>
        <translation>发送结果须为 JSON 数组</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="71"/>
        <source>a block is either a blacklisting or an opt-out</source>
        <translation>屏蔽只能是黑名单或退订</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="72"/>
        <source>a note has at most 500 characters</source>
        <translation>备注最多 500 个字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="73"/>
        <source>the note contains a control or invisible character</source>
        <translation>备注含有控制字符或不可见字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="74"/>
        <source>name either a mobile number or a customer</source>
        <translation>请指定一个手机号码或一位客户（二选一）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="75"/>
        <source>that is not a mobile number</source>
        <translation>这不是手机号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="76"/>
        <source>that customer is not visible to you</source>
        <translation>您看不到该客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="77"/>
        <source>there is no mobile number to block</source>
        <translation>没有可屏蔽的手机号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="78"/>
        <source>HQ has blacklisted this number: only HQ changes that</source>
        <translation>总部已将此号码列入黑名单：只有总部可以更改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="79"/>
        <source>the SMS send right (短信发送) or branch administration is required to see the blacklist</source>
        <translation>查看黑名单需要短信发送权限（短信发送）或营业部管理权限</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="81"/>
        <source>a page has 1 to 1000 entries</source>
        <translation>每页 1 至 1000 条</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="82"/>
        <source>a page starts after both the time and the id of an entry</source>
        <translation>翻页须同时给出某条记录的时间和编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="83"/>
        <source>the message text is empty</source>
        <translation>短信内容为空</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="84"/>
        <source>the message text has %1 characters; at most %2 are allowed</source>
        <translation>短信内容有 %1 个字符，最多允许 %2 个</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="85"/>
        <source>the message text contains an invisible or control character (U+%1) at position %2</source>
        <translation>短信内容第 %2 个位置含有不可见字符或控制字符（U+%1）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="87"/>
        <source>unknown placeholder {%1}: use {姓名}, {称呼}, {营业部} or {员工}</source>
        <translation>未知的占位符 {%1}：请使用 {姓名}、{称呼}、{营业部} 或 {员工}</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="88"/>
        <source>the message text has a { or } that is not part of a placeholder such as {姓名}</source>
        <translation>短信内容中有不属于占位符（如 {姓名}）的 { 或 }</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="89"/>
        <source>at most 1 000 000 recipients at a time</source>
        <translation>一次最多 1 000 000 位收信人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="90"/>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="117"/>
        <source>%1 of the %2 customers are not visible to you</source>
        <translation>%2 位客户中有 %1 位您看不到</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="91"/>
        <source>%1 of the %2 reservations are not visible to you</source>
        <translation>%2 条预约中有 %1 条您看不到</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="92"/>
        <source>there is no information column %1</source>
        <translation>没有信息栏目 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="93"/>
        <source>the column is inactive: activate it before publishing</source>
        <translation>该栏目已停用：请先启用再发布</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="94"/>
        <source>an issue goes out now or within the next 30 days</source>
        <translation>一期内容只能立即发出或在 30 天内发出</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="95"/>
        <source>the recipient source description is not valid</source>
        <translation>收信人来源的描述无效</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="96"/>
        <source>HQ has set no monthly SMS quota (每月发送条数) for you, so you cannot send: ask HQ to set one</source>
        <translation>总部未给您设置每月发送条数，因此不能发送：请联系总部设置</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="97"/>
        <source>the field {%1} is empty for %2 of the recipients (for example %3): nothing was sent</source>
        <translation>有 %2 位收信人的 {%1} 为空（例如 %3）：未发送任何短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="98"/>
        <source>this batch needs %1 message parts but only %2 of your monthly quota of %3 remain: nothing was queued</source>
        <translation>本批需要 %1 条计费短信，而您每月 %3 条的额度只剩 %2 条：未排入任何短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="100"/>
        <source>this batch needs %1 message parts but only %2 of your branch&apos;s monthly volume of %3 remain: nothing was queued; the branch may ask HQ for more</source>
        <translation>本批需要 %1 条计费短信，而营业部每月 %3 条的发送量只剩 %2 条：未排入任何短信；营业部可向总部申请增加</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="102"/>
        <source>a column needs a name of at most 40 characters</source>
        <translation>栏目名称不能为空，最多 40 个字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="103"/>
        <source>a column description has at most 500 characters</source>
        <translation>栏目说明最多 500 个字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="104"/>
        <source>a column name or description contains an invisible or control character</source>
        <translation>栏目名称或说明含有不可见字符或控制字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="105"/>
        <source>a column named “%1” exists already</source>
        <translation>名为“%1”的栏目已存在</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="106"/>
        <source>there is no branch %1</source>
        <translation>没有营业部 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="107"/>
        <source>a monthly SMS volume is a whole number from 0 to 100 000 000</source>
        <translation>营业部月发送量须为 0 至 100 000 000 的整数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="108"/>
        <source>a carrier prefix is the first 3 or 4 digits of a mainland mobile (for example 139 or 1349)</source>
        <translation>号段是大陆手机号码的前 3 或 4 位（例如 139 或 1349）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="110"/>
        <source>there is no carrier %1</source>
        <translation>没有运营商 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="111"/>
        <source>a price per message part is from 0 to 10 yuan with at most 4 decimals</source>
        <translation>每条计费短信的单价为 0 至 10 元，最多 4 位小数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="112"/>
        <source>nobody sets their own SMS quota</source>
        <translation>任何人都不能给自己设置短信额度</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="113"/>
        <source>there is no staff member %1</source>
        <translation>没有员工 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="114"/>
        <source>a monthly SMS quota is a whole number from 0 to 10 000 000</source>
        <translation>每月发送条数须为 0 至 10 000 000 的整数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="115"/>
        <source>the column is inactive: it takes no new subscriptions</source>
        <translation>该栏目已停用：不再接受新的订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="116"/>
        <source>at most 1 000 000 customers at a time</source>
        <translation>一次最多 1 000 000 位客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="118"/>
        <source>%1 of the %2 customers belong to another branch: a branch subscribes only its own customers</source>
        <translation>%2 位客户中有 %1 位属于其他营业部：营业部只能为本部客户订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="120"/>
        <source>say why the block is lifted (a reason is required)</source>
        <translation>请说明解除屏蔽的原因（原因必填）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="121"/>
        <source>a reason has at most 500 characters</source>
        <translation>原因最多 500 个字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="122"/>
        <source>the reason contains a control or invisible character</source>
        <translation>原因含有控制字符或不可见字符</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="123"/>
        <source>HQ has blacklisted this number: only HQ lifts that</source>
        <translation>总部已将此号码列入黑名单：只有总部可以解除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="124"/>
        <source>that entry is not one of your branch&apos;s customers</source>
        <translation>该记录不属于本营业部的客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="126"/>
        <source>%1 of the relationships began on or after %2: choose a later effective date, or hand over a selection without those customers.</source>
        <translation>其中 %1 个关系开始于 %2 或之后：请选择更晚的生效日期，或只交接不含这些客户的所选客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="128"/>
        <source>%1 holds no %2 customers.</source>
        <translation>%1 名下没有%2关系客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="129"/>
        <source>%1 of the listed customers are not %2 customers of %3.</source>
        <translation>所列客户中有 %1 位不是 %3 的%2关系客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="130"/>
        <source>%1 of the customers belong to another branch than %2&apos;s: hand them to staff of their branch.</source>
        <translation>其中 %1 位客户不属于 %2 所在的营业部：请交接给其所在营业部的员工。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="132"/>
        <source>%1 of the customers are already in a pending hand-over or batch entry.</source>
        <translation>其中 %1 位客户已在待审批的交接或存量关系录入申请中。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="133"/>
        <source>%1 of the customers already have a %2 relationship: hand them over instead.</source>
        <translation>其中 %1 位客户已有%2关系：请改用客户交接。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="135"/>
        <source>%1 of the customers are already in a pending request for a %2 relationship.</source>
        <translation>其中 %1 位客户已在待审批的%2关系申请中。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="137"/>
        <source>%1 of the listed customers are not among yours.</source>
        <translation>所列客户中有 %1 位不在您的可见范围内。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="138"/>
        <source>The giver and the receiver are the same person.</source>
        <translation>交出客户的员工与接收员工是同一人。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="139"/>
        <source>You may not hand over the customers of %1.</source>
        <translation>您无权交接 %1 的客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="140"/>
        <source>You may not give customers to %1: not an active staff member you manage.</source>
        <translation>您不能把客户交给 %1：不是您管理的在职员工。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="141"/>
        <source>Nobody gives customers to themselves: your manager must ask for it.</source>
        <translation>任何人都不能把客户交给自己：请由您的上级提出申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="142"/>
        <source>The effective date must lie between %1 and %2.</source>
        <translation>生效日期须在 %1 至 %2 之间。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="143"/>
        <source>One request names at most 20 000 customers (this one %1): split it.</source>
        <translation>一次申请最多 20 000 位客户（本次 %1 位）：请拆分后再提交。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="144"/>
        <source>At most 20 000 customers can be left out of one hand-over.</source>
        <translation>一次交接最多可留下 20 000 位客户不交接。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="145"/>
        <source>List at least one customer.</source>
        <translation>请至少列出一位客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="146"/>
        <source>The customer list holds an empty entry.</source>
        <translation>客户列表中有空白项。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="147"/>
        <source>The relationship is either a development or a service relationship.</source>
        <translation>关系只能是开发关系或服务关系。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="149"/>
        <source>Nobody decides a request they started or that names them: another approver must decide it.</source>
        <translation>任何人都不能审批自己提交的或涉及自己的申请：须由其他审批人审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="151"/>
        <source>You already decided step %1 of this request (%2): another approver must decide step %3.</source>
        <translation>您已审批过本申请的第 %1 步（%2）：第 %3 步须由其他审批人审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="153"/>
        <source>A decision is either an approval or a rejection.</source>
        <translation>审批结果只能是批准或驳回。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="154"/>
        <source>There is no approval request %1.</source>
        <translation>没有审批申请 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="155"/>
        <source>This step was already decided (%1) by %2 at %3.</source>
        <translation>此步骤已由 %2 于 %3 审批（%1）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="156"/>
        <source>This request is %1: step %2 is not waiting for a decision.</source>
        <translation>本申请%1：第 %2 步不在等待审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="157"/>
        <source>This step waits for the %1 of the request&apos;s branch.</source>
        <translation>此步骤须由申请所属营业部的%1审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="158"/>
        <source>There is no such request of yours.</source>
        <translation>没有您提交的该申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="159"/>
        <source>This request is already %1.</source>
        <translation>本申请已经是“%1”状态。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="161"/>
        <source>The customer already has a development relationship with %1.</source>
        <translation>该客户已与 %1 建立开发关系。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="162"/>
        <source>The relationship was already released.</source>
        <translation>该关系已被释放。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="163"/>
        <source>%1 of the customers are no longer held by %2 (released or handed over meanwhile): ask again.</source>
        <translation>其中 %1 位客户已不再由 %2 持有（期间已释放或交接）：请重新申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="165"/>
        <source>%1 of the customers got a %2 relationship meanwhile: ask again without them.</source>
        <translation>其中 %1 位客户期间已建立%2关系：请去掉这些客户后重新申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="167"/>
        <source>A hand-over of this staff member&apos;s customers is still pending: decide it first.</source>
        <translation>该员工的客户交接申请仍待审批：请先审批该申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="169"/>
        <source>%1 no longer holds the SMS send right (短信发送): nothing was moved.</source>
        <translation>%1 已不再持有短信发送权限（短信发送）：未转移任何订阅。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="170"/>
        <source>The approval flow %1 has no effect defined: tell IT.</source>
        <translation>审批流程 %1 未定义执行内容：请联系信息技术部门。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="171"/>
        <source>The approval flow %1 has no steps: HQ must set its approval posts first.</source>
        <translation>审批流程 %1 没有审批步骤：须由总部先设置审批岗。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="172"/>
        <source>A request of this kind is already pending for this customer.</source>
        <translation>该客户已有一个同类申请在等待审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="173"/>
        <source>A request of this kind is already pending for this staff member.</source>
        <translation>该员工已有一个同类申请在等待审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="175"/>
        <source>There is no such customer in your public pool.</source>
        <translation>您的公有客户中没有该客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="176"/>
        <source>There is no live relationship of yours (or your team&apos;s) to release.</source>
        <translation>没有可释放的您（或您团队）的有效关系。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="177"/>
        <source>There is no such customer among yours.</source>
        <translation>您的客户中没有该客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="178"/>
        <source>Nobody assigns a customer&apos;s service to themselves: your manager must ask for it.</source>
        <translation>任何人都不能把客户的服务关系分配给自己：请由您的上级提出申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="180"/>
        <source>You may not assign customers to %1.</source>
        <translation>您不能把客户分配给 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="181"/>
        <source>This staff member already serves the customer.</source>
        <translation>该员工已在服务此客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="182"/>
        <source>You may not transfer %1.</source>
        <translation>您无权调动 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="183"/>
        <source>Unknown staff type %1.</source>
        <translation>未知的员工类型 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="184"/>
        <source>Unknown branch %1.</source>
        <translation>未知的营业部 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="186"/>
        <source>There is no CRM session: sign in first.</source>
        <translation>没有CRM会话：请先登录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="187"/>
        <source>The columns of the import have different lengths.</source>
        <translation>导入数据各列的行数不一致。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="188"/>
        <source>At most 20 000 rows per import.</source>
        <translation>每次导入最多 20 000 行。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="189"/>
        <source>You may register reservations only for your own branches.</source>
        <translation>您只能为本人所属营业部登记预约。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="190"/>
        <source>A review item is confirmed, rejected or extended.</source>
        <translation>复核项只能确认、驳回或延期。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="191"/>
        <source>There is no reservation %1 to review.</source>
        <translation>没有待复核的预约 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="192"/>
        <source>You registered this reservation: another approver must resolve it.</source>
        <translation>此预约由您登记：须由其他审批人处理。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="193"/>
        <source>This reservation was already resolved or changed (now %1, at %2): reload it.</source>
        <translation>此预约已被处理或修改（现为%1，时间 %2）：请重新加载。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="194"/>
        <source>This account is not one of the review item&apos;s candidates.</source>
        <translation>该账户不是此复核项的候选账户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="196"/>
        <source>Account %1 cannot be confirmed: it needs no development relationship, no pending development request, and the same ID number (or the same name and mobile). The candidate list shows why it failed.</source>
        <translation>账户 %1 不能确认：须没有开发关系、没有待审批的开发申请，且证件号码相同（或姓名和手机号码都相同）。候选列表中列出了未通过的原因。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="199"/>
        <source>Say why the reservation is rejected.</source>
        <translation>请说明驳回此预约的原因。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="200"/>
        <source>A reason has at most 1 000 characters.</source>
        <translation>原因最多 1 000 个字符。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="201"/>
        <source>Extend by 1 to 20 working days.</source>
        <translation>延期须为 1 至 20 个工作日。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="203"/>
        <source>Only HQ and a branch&apos;s marketing director set sales targets.</source>
        <translation>只有总部和营业部的营销总监可以设置销售目标。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="204"/>
        <source>A target is for a staff member, a team or a branch.</source>
        <translation>目标只能针对员工、团队或营业部。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="205"/>
        <source>A target is for a month or a year.</source>
        <translation>目标只能按月或按年设置。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="206"/>
        <source>A month starts on its 1st and a year on 1 January (2000 to 2099).</source>
        <translation>月份从当月 1 日开始，年份从 1 月 1 日开始（2000 至 2099 年）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="207"/>
        <source>The metric is new accounts, net inflow, commission or contribution.</source>
        <translation>指标只能是新开户数、净流入、佣金或贡献度。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="208"/>
        <source>A target is a number from 0 to 10^17.</source>
        <translation>目标值须为 0 至 10^17 之间的数。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="209"/>
        <source>Only HQ sets a branch&apos;s targets.</source>
        <translation>只有总部可以设置营业部的目标。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="210"/>
        <source>There is no open staff account %1.</source>
        <translation>没有在用的员工账号 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="211"/>
        <source>Nobody but HQ sets their own targets.</source>
        <translation>除总部外，任何人都不能给自己设置目标。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="212"/>
        <source>A marketing director sets targets of their own branch&apos;s staff only.</source>
        <translation>营销总监只能为本营业部的员工设置目标。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="213"/>
        <source>Nobody but HQ sets a target of a team they are in.</source>
        <translation>除总部外，任何人都不能为自己所在的团队设置目标。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="214"/>
        <source>There is no sales target %1.</source>
        <translation>没有销售目标 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="215"/>
        <source>At most 20 000 targets per import.</source>
        <translation>每次导入最多 20 000 个目标。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="217"/>
        <source>Only the ID number, mobiles, phone and address are revealed.</source>
        <translation>只能显示证件号码、手机号码、电话和地址的完整内容。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="218"/>
        <source>The right to see full personal data (查看完整个人信息) is required.</source>
        <translation>需要查看完整个人信息的权限（查看完整个人信息）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="219"/>
        <source>Customer %1 was not found.</source>
        <translation>未找到客户 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="220"/>
        <source>Only the customer&apos;s own developer or service staff and their managers may see full personal data.</source>
        <translation>只有该客户的开发人员、服务人员及其上级可以查看完整个人信息。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="223"/>
        <source>The export right (数据导出) is required.</source>
        <translation>需要数据导出权限（数据导出）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="224"/>
        <source>The right to export personal data (导出个人信息) is required for full ID numbers, mobiles and addresses.</source>
        <translation>导出完整的证件号码、手机号码和地址需要导出个人信息权限（导出个人信息）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="226"/>
        <source>There is no running export %1 of yours with personal data.</source>
        <translation>没有您正在进行的含个人信息的导出 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="227"/>
        <source>At most 10 000 customers per call.</source>
        <translation>每次最多 10 000 位客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="228"/>
        <source>Unknown export status %1.</source>
        <translation>未知的导出状态 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="229"/>
        <source>There is no running export %1 of yours.</source>
        <translation>没有您正在进行的导出 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="231"/>
        <source>%1 (%2) cannot hold a development or service relationship: only marketing staff and brokers can.</source>
        <translation>%1（%2）不能持有开发或服务关系：只有营销人员和经纪人可以。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="233"/>
        <source>%1 (%2) is no longer active and cannot receive customers.</source>
        <translation>%1（%2）已不在职，不能接收客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="235"/>
        <source>There is no such recycling in your branches.</source>
        <translation>您的营业部中没有该回收记录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="236"/>
        <source>Only a marketing director or HQ marketing may reverse a recycling.</source>
        <translation>只有营销总监或总部营销人员可以撤销回收。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="237"/>
        <source>Nobody reverses the recycling of their own customer.</source>
        <translation>任何人都不能撤销自己客户的回收。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="238"/>
        <source>Already reversed by %1 at %2.</source>
        <translation>已由 %1 于 %2 撤销。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="239"/>
        <source>%1 is no longer active: hand the customer to someone else instead.</source>
        <translation>%1 已不在职：请把该客户交给其他员工。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="240"/>
        <source>The customer has meanwhile been developed by %1.</source>
        <translation>该客户期间已由 %1 开发。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="242"/>
        <source>Only HQ administrators may edit approval flows.</source>
        <translation>只有总部管理员可以修改审批流程。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="243"/>
        <source>Unknown approval flow %1.</source>
        <translation>未知的审批流程 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="244"/>
        <source>A flow needs one or more known approval posts.</source>
        <translation>审批流程至少需要一个已有的审批岗。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/refusal_words.py" line="245"/>
        <source>A post may appear only once in a flow.</source>
        <translation>同一审批岗在一个流程中只能出现一次。</translation>
    </message>
</context>
<context>
    <name>RegistrationPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="27"/>
        <source>PC registrations</source>
        <translation>登记本机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="29"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="30"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="31"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="32"/>
        <source>Host</source>
        <translation>主机名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="33"/>
        <source>OS user</source>
        <translation>系统用户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="34"/>
        <source>MACs of the PC</source>
        <translation>本机MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="35"/>
        <source>Bound now</source>
        <translation>当前绑定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="36"/>
        <source>Requested at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="44"/>
        <source>Approve (bind this PC)</source>
        <translation>批准（绑定此电脑）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="46"/>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="48"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="72"/>
        <source>%1 waiting</source>
        <translation>%1 个待处理</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="93"/>
        <source>%1 may now sign in from %2 (bound: %3).</source>
        <translation>%1 现在可以从 %2 登录（已绑定：%3）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/registration_page.py" line="96"/>
        <source>Request of %1 from %2 rejected.</source>
        <translation>已拒绝 %1 从 %2 提交的申请。</translation>
    </message>
</context>
<context>
    <name>RelationsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="21"/>
        <source>Kind</source>
        <translation>关系类型</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="23"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="24"/>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="35"/>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="25"/>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="26"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="34"/>
        <source>VIP level</source>
        <translation>贵宾等级</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="36"/>
        <source>To (last day)</source>
        <translation>截止日期（含当日）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="37"/>
        <source>Trading days</source>
        <translation>交易日数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="42"/>
        <source>Derived from total assets on each trading day (T+1 data).</source>
        <translation>根据每个交易日的总资产（T+1数据）评定。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="49"/>
        <source>Relationships (经纪关系)</source>
        <translation>经纪关系</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="51"/>
        <source>VIP level history (贵宾)</source>
        <translation>贵宾等级历史</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="55"/>
        <source>Customer groups (客户群)</source>
        <translation>客户群</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="71"/>
        <source>Customer groups are not available yet.</source>
        <translation>客户群功能暂未提供。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="76"/>
        <source>%1 (of %2)</source>
        <translation>%1（属于 %2）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/relations_page.py" line="79"/>
        <source>Not in any group.</source>
        <translation>未加入任何客户群。</translation>
    </message>
</context>
<context>
    <name>RemindersTab</name>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="181"/>
        <source>Reminders</source>
        <translation>今日提醒</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="195"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="196"/>
        <source>Reload both lists (F5)</source>
        <translation>重新加载两个列表 (F5)</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="247"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="249"/>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="250"/>
        <source>In %1 days</source>
        <translation>%1 天后</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="255"/>
        <source>Public pool (公有客户)</source>
        <translation>公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="259"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="260"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="261"/>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="274"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="262"/>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="273"/>
        <source>Account no.</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="263"/>
        <source>Turns</source>
        <translation>年满</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="264"/>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="278"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="265"/>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="276"/>
        <source>Developer</source>
        <translation>开发人员</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="267"/>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="275"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="272"/>
        <source>Opened</source>
        <translation>开户日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="279"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="284"/>
        <source>Extended mobile (SMS goes here)</source>
        <translation>扩展手机（短信发送到此号码）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="286"/>
        <source>Counter mobile (no extended mobile)</source>
        <translation>柜台手机（无扩展手机）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="335"/>
        <source>No birthdays in the next %1 days.</source>
        <translation>未来 %1 天内没有客户生日。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="337"/>
        <source>No new accounts in the loaded data.</source>
        <translation>已加载数据中没有新开户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="338"/>
        <source>No T+1 data has been loaded yet.</source>
        <translation>尚未加载 T+1 数据。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="353"/>
        <source>The reminders could not be loaded: %1</source>
        <translation>无法加载提醒：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="358"/>
        <source>Showing the first %1 of %2; use the Customers tab&apos;s filter for the rest.</source>
        <translation>仅显示 %2 条中的前 %1 条；其余请在客户页用筛选查看。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="364"/>
        <source>Birthdays from %1 to %2</source>
        <translation>生日：%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="368"/>
        <source>new accounts opened %1 – %2 (last %3 loaded trading dates)</source>
        <translation>新开户：%1 – %2（最近 %3 个已加载交易日）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="371"/>
        <source>as of T+1 date %1</source>
        <translation>T+1 数据日期 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="373"/>
        <source>no T+1 data loaded yet</source>
        <translation>尚未加载 T+1 数据</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="378"/>
        <source>Upcoming birthdays (生日提醒)</source>
        <translation>生日提醒</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="379"/>
        <source>New accounts (新开户)</source>
        <translation>新开户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="383"/>
        <source>%1 today</source>
        <translation>今天 %1 位</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/reminders/tab.py" line="405"/>
        <source>%1 birthdays today, %2 new accounts, %3 follow-ups due, %4 reservations expiring, %5 customers about to be recycled</source>
        <translation>今天生日 %1 人，新开户 %2 个，待回访 %3 个，预约即将到期 %4 个，即将回收 %5 位客户</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <location filename="../../crm_desktop/ui/analysis/reports.py" line="21"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/reports.py" line="27"/>
        <source>(no reports available)</source>
        <translation>（无可用报表）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/reports.py" line="34"/>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
</context>
<context>
    <name>RequestListPage</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="96"/>
        <source>Nothing is waiting for your decision.</source>
        <translation>目前没有等待您审批的申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="98"/>
        <source>You have made no request yet. Claims, service assignments, releases and hand-overs you ask for appear here until they are decided.</source>
        <translation>您还没有提交过申请。您提交的认领、分配服务人员、解除关系和客户交接申请会显示在这里，直到审批完成。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="100"/>
        <source>No decided request to show yet: requests you made or decided appear here once decided.</source>
        <translation>还没有已完成的申请：您提交或审批过的申请在审批完成后显示在这里。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="142"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="143"/>
        <source>Reload the list (F5)</source>
        <translation>重新加载列表（F5）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="194"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="196"/>
        <source>%1 requests</source>
        <translation>共 %1 条申请</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/tab.py" line="198"/>
        <source>%1+ requests (scroll for more)</source>
        <translation>%1+ 条申请（向下滚动查看更多）</translation>
    </message>
</context>
<context>
    <name>ReservationDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="77"/>
        <source>Edit reservation</source>
        <translation>修改预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="77"/>
        <source>Register a reservation (预约)</source>
        <translation>登记预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="81"/>
        <source>18-digit resident ID, or other document number</source>
        <translation>18 位居民身份证号码或其他证件号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="83"/>
        <source>11-digit mobile</source>
        <translation>11 位手机号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="90"/>
        <source>Name and the ID number or the mobile are required. A new account opened at this branch within 20 working days with the same name and ID number or mobile is matched automatically.</source>
        <translation>姓名必填，证件号码和手机号码至少填写一项。20 个工作日内在该营业部新开立、且姓名及证件号码或手机号码相同的账户将自动匹配。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="103"/>
        <source>Name *:</source>
        <translation>姓名 *：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="104"/>
        <source>ID number:</source>
        <translation>证件号码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="105"/>
        <source>Mobile:</source>
        <translation>手机号码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="106"/>
        <source>Expected branch *:</source>
        <translation>预约开户营业部 *：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="107"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="109"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="109"/>
        <source>Register</source>
        <translation>登记</translation>
    </message>
</context>
<context>
    <name>Reservations</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="144"/>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="31"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="32"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="33"/>
        <source>Mobile</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="34"/>
        <source>Expected branch</source>
        <translation>预约开户营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="35"/>
        <source>Registered on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="36"/>
        <source>Window ends</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="37"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="39"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="42"/>
        <source>Account</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="44"/>
        <source>Registered by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="45"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="64"/>
        <source>Choose the expected branch.</source>
        <translation>请选择预约开户营业部。</translation>
    </message>
</context>
<context>
    <name>ReservationsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="192"/>
        <source>My reservations</source>
        <translation>我的预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="193"/>
        <source>My team&apos;s reservations</source>
        <translation>本团队的预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="195"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="201"/>
        <source>Register…</source>
        <translation>登记…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="203"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="205"/>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="374"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="207"/>
        <source>Download template…</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="209"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="323"/>
        <source>%1 reservations</source>
        <translation>共 %1 条预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="334"/>
        <source>account %1</source>
        <translation>资金账号 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="336"/>
        <source>approval request #%1</source>
        <translation>审批申请 #%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="365"/>
        <source>Reservation registered.</source>
        <translation>预约已登记。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="365"/>
        <source>Reservation saved.</source>
        <translation>预约已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="372"/>
        <source>Delete reservation</source>
        <translation>删除预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="373"/>
        <source>Delete the reservation of %1?</source>
        <translation>删除 %1 的预约？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="377"/>
        <source>Reservation deleted.</source>
        <translation>预约已删除。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="383"/>
        <source>Save the reservation template</source>
        <translation>保存预约导入模板</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="389"/>
        <source>Template saved to %1. Required columns are marked with *.</source>
        <translation>模板已保存到 %1。必填列以 * 标注。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="397"/>
        <source>Import reservations</source>
        <translation>导入预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="400"/>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="412"/>
        <source>The import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="423"/>
        <source>%1 reservations imported; %2 row errors.</source>
        <translation>已导入 %1 条预约；%2 行有错误。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="426"/>
        <source>%1 reservations imported; %2 duplicates of open reservations skipped.</source>
        <translation>已导入%1条预约；跳过%2条与未结束预约重复的行。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/reservations_page.py" line="429"/>
        <source>%1 reservations imported.</source>
        <translation>已导入 %1 条预约。</translation>
    </message>
</context>
<context>
    <name>ResultsDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="89"/>
        <source>%1 of %2 requests done.</source>
        <translation>已处理 %1 / %2 条申请。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="95"/>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="95"/>
        <source>Customer / staff</source>
        <translation>客户/员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/dialogs.py" line="95"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>RevealButton</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="78"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/data_pages.py" line="78"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="30"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="31"/>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="56"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="32"/>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="57"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="33"/>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="59"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="34"/>
        <source>Registered by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="35"/>
        <source>Registered on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="36"/>
        <source>Window ends</source>
        <translation>匹配截止</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="37"/>
        <source>Why in review</source>
        <translation>待确认原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="49"/>
        <source>Can be confirmed</source>
        <translation>可确认</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="50"/>
        <source>Cannot be confirmed</source>
        <translation>不可确认</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="54"/>
        <source>Account</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="55"/>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="58"/>
        <source>Opened on</source>
        <translation>开户日期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="60"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="60"/>
        <source>Developer</source>
        <translation>开发人员</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="61"/>
        <source>Decision</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="62"/>
        <source>Why it matched or failed</source>
        <translation>匹配/不匹配的原因</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="107"/>
        <source>Reservations the automatic match could not decide. Choose one to compare its candidate accounts.</source>
        <translation>系统自动匹配无法判定的预约。选择一条，对比其候选账户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="115"/>
        <source>Confirm this account</source>
        <translation>确认为该账户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="116"/>
        <source>Start the development approval for the staff member who registered the reservation, as an automatic match does</source>
        <translation>与自动匹配一样，为登记预约的员工发起开发关系审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="119"/>
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="120"/>
        <source>End the reservation with a reason</source>
        <translation>说明原因并结束该预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="123"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="124"/>
        <source>Extend</source>
        <translation>延期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="125"/>
        <source>Open the reservation again: accounts opened within the extended window are matched after the next loads</source>
        <translation>重新开放该预约：延长期限内开立的账户将在之后的数据加载后匹配</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="129"/>
        <source>Candidate accounts</source>
        <translation>候选账户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="196"/>
        <source>%1 items</source>
        <translation>%1条</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="204"/>
        <source>Choose a reservation above.</source>
        <translation>请在上方选择一条预约。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="207"/>
        <source>registered by %1 on %2</source>
        <translation>%1于%2登记</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="222"/>
        <source>Confirm account %1 (%2) as the reservation of %3? The development approval starts for %4.</source>
        <translation>确认账户%1（%2）即为%3的预约？将为%4发起开发关系审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="225"/>
        <source>Confirm the match</source>
        <translation>确认匹配</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="225"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="233"/>
        <source>Reject the reservation</source>
        <translation>驳回预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="234"/>
        <source>Reservation of %1</source>
        <translation>%1的预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="235"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="257"/>
        <source>%1 confirmed: development request #%2 is waiting for approval.</source>
        <translation>%1已确认：开发关系申请 #%2 等待审批。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="260"/>
        <source>The reservation of %1 was rejected.</source>
        <translation>%1的预约已驳回。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/review_page.py" line="262"/>
        <source>The reservation of %1 is open again for %2 more working days.</source>
        <translation>%1的预约已重新开放，再延%2个工作日。</translation>
    </message>
</context>
<context>
    <name>SalesTargets</name>
    <message>
        <location filename="../../crm_desktop/ui/targets/common.py" line="92"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/common.py" line="93"/>
        <source>accounts</source>
        <translation>户</translation>
    </message>
</context>
<context>
    <name>SalesTargetsTab</name>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="205"/>
        <source>All metrics</source>
        <translation>全部指标</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="208"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="209"/>
        <source>Set target…</source>
        <translation>设定任务…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="210"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="211"/>
        <source>Download template…</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="212"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="213"/>
        <source>Contribution weights…</source>
        <translation>贡献度权重…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="246"/>
        <source>Targets and completion</source>
        <translation>任务完成情况</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="252"/>
        <source>Period:</source>
        <translation>周期：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="252"/>
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="333"/>
        <source>No data of this period is loaded yet: completion starts with its first T+1 load.</source>
        <translation>本期尚无已加载的数据：完成情况从本期第一次 T+1 数据加载后开始计算。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="335"/>
        <source>Completion of the whole period (data loaded up to %1).</source>
        <translation>整个周期的完成情况（数据已加载至 %1）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="336"/>
        <source>Completion from the data loaded up to %1: %2 of the period&apos;s %3 days.</source>
        <translation>完成情况按截至 %1 已加载的数据计算：本期 %3 天中的 %2 天。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="345"/>
        <source>%1 of %2 targets shown</source>
        <translation>已显示 %1 / 共 %2 项任务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="369"/>
        <source>Target saved.</source>
        <translation>任务已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="375"/>
        <source>Select a target first.</source>
        <translation>请先选择一项任务。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="377"/>
        <source>Delete target</source>
        <translation>删除任务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="378"/>
        <source>Delete the target %1 of %2?</source>
        <translation>删除 %2 的“%1”任务？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="382"/>
        <source>Target deleted.</source>
        <translation>任务已删除。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="393"/>
        <source>Contribution weights saved.</source>
        <translation>贡献度权重已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="400"/>
        <source>Save the sales target template</source>
        <translation>保存销售任务导入模板</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="405"/>
        <source>Template saved to %1.</source>
        <translation>模板已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="409"/>
        <source>Import sales targets</source>
        <translation>导入销售任务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="412"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="421"/>
        <source>The import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="426"/>
        <source>Nothing imported: %1 rows have errors.</source>
        <translation>未导入任何任务：%1 行有错误。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="429"/>
        <source>%1 targets imported.</source>
        <translation>已导入 %1 项任务。</translation>
    </message>
</context>
<context>
    <name>SavedLayouts</name>
    <message>
        <location filename="../../crm_desktop/ui/analysis/saved_layouts.py" line="37"/>
        <source>Layouts</source>
        <translation>布局</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/saved_layouts.py" line="42"/>
        <source>Save layout…</source>
        <translation>保存布局…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/saved_layouts.py" line="43"/>
        <source>Manage layouts…</source>
        <translation>管理布局…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/saved_layouts.py" line="66"/>
        <source>Layout “%1” saved.</source>
        <translation>布局“%1”已保存。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/analysis/saved_layouts.py" line="97"/>
        <source>This saved layout cannot be read: %1</source>
        <translation>无法读取该已保存的布局：%1</translation>
    </message>
</context>
<context>
    <name>SendSmsDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="74"/>
        <source>Send SMS</source>
        <translation>发送短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="79"/>
        <source>To: %1</source>
        <translation>收件人：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="81"/>
        <source>Monthly quota: loading…</source>
        <translation>每月额度：正在加载…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="91"/>
        <source>&amp;Template:</source>
        <translation>模板(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="98"/>
        <source>Insert:</source>
        <translation>插入：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="110"/>
        <source>Write the message; placeholders are filled in for each recipient.</source>
        <translation>请输入短信内容；占位符会按每位收件人填写。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="121"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="122"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="123"/>
        <source>Carrier</source>
        <translation>运营商</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="124"/>
        <source>Skipped because</source>
        <translation>跳过原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="125"/>
        <source>Characters</source>
        <translation>字数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="126"/>
        <source>Parts</source>
        <translation>条数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="127"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="128"/>
        <source>Message as sent</source>
        <translation>实际发送内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="140"/>
        <source>Stop counting</source>
        <translation>停止统计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="141"/>
        <source>Stop counting the recipients; the totals so far stay shown</source>
        <translation>停止统计收信人；已统计的合计保留显示</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="152"/>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="496"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="153"/>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="491"/>
        <source>Queue the messages (Ctrl+Enter)</source>
        <translation>将短信排入发送队列（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="160"/>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="535"/>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="558"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="181"/>
        <source>Preview per recipient (F5 refreshes):</source>
        <translation>逐个收件人预览（F5 刷新）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="252"/>
        <source>Monthly quota: —</source>
        <translation>每月额度：—</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="257"/>
        <source>The customer&apos;s name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="258"/>
        <source>先生 or 女士, from the customer&apos;s gender</source>
        <translation>按客户性别填写“先生”或“女士”</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="259"/>
        <source>The customer&apos;s branch</source>
        <translation>客户所属营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="260"/>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="286"/>
        <source>%1 characters · %2 part(s) as written (70 characters make one part, 67 each in a longer message)</source>
        <translation>按当前文字 %1 个字 · %2 条（70 字以内为一条，超过时每 67 字计一条）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="289"/>
        <source>placeholders are filled per recipient: see the preview for the real counts</source>
        <translation>占位符按收件人填写：实际字数见预览</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="365"/>
        <source>Empty for some recipients: %1. Fill these in (扩展资料) or remove them from the text; nothing can be sent until then.</source>
        <translation>部分收件人的以下字段为空：%1。请先在扩展资料中补全，或从内容中删除；在此之前无法发送。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="372"/>
        <source>%1 recipients: %2 sendable, %3 skipped</source>
        <translation>收件人 %1 位：可发送 %2 位，跳过 %3 位</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="377"/>
        <source>%1 message parts, cost %2</source>
        <translation>计费 %1 条，费用 %2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="382"/>
        <source>Stopped counting at about %1% of the list; so far: %2</source>
        <translation>已在名单约 %1% 处停止统计；已统计：%2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="383"/>
        <source>Counting, about %1% of the list so far: %2</source>
        <translation>正在统计，已完成名单约 %1%：%2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="385"/>
        <source>The table shows the first %1 recipients; the totals count all of them.</source>
        <translation>表格仅显示前 %1 位收件人；合计按全部收件人计算。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="388"/>
        <source>The table shows the first %1 recipients.</source>
        <translation>表中显示前 %1 位收信人。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="395"/>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="399"/>
        <source>Monthly quota: none</source>
        <translation>每月额度：无</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="403"/>
        <source>Remaining this month: %1 of %2 parts · branch: %3 of %4</source>
        <translation>本月剩余：%1 / %2 条 · 营业部：%3 / %4 条</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="414"/>
        <source>Already queued.</source>
        <translation>已排入发送队列。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="416"/>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="511"/>
        <source>Queueing…</source>
        <translation>正在排入队列…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="420"/>
        <source>The quota has not been loaded.</source>
        <translation>额度尚未加载。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="424"/>
        <source>Write the message first.</source>
        <translation>请先输入短信内容。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="426"/>
        <source>Waiting for the preview of this text.</source>
        <translation>正在等待当前内容的预览。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="430"/>
        <source>None of the recipients can receive an SMS.</source>
        <translation>没有可以接收短信的收件人。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="431"/>
        <source>None of the recipients counted so far can receive an SMS.</source>
        <translation>已统计的收信人中没有可接收短信的。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="433"/>
        <source>%1 message parts do not fit your remaining monthly quota of %2.</source>
        <translation>计费 %1 条，超出您本月剩余额度 %2 条。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="436"/>
        <source>%1 message parts do not fit the branch&apos;s remaining monthly volume of %2: ask HQ for more (审批).</source>
        <translation>计费 %1 条，超出营业部本月剩余总量 %2 条：请通过审批向总部申请增加。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="466"/>
        <source>Request %1 is with HQ (审批); once approved, send again.</source>
        <translation>申请 %1 已提交总部审批；批准后请重新发送。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="473"/>
        <source>Not requested: %1</source>
        <translation>未提交申请：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="483"/>
        <source>Ask HQ to raise your quota to %1 and the branch volume to %2</source>
        <translation>申请总部将您的额度提高至 %1 条、营业部总量提高至 %2 条</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="486"/>
        <source>Ask HQ to raise your quota to %1</source>
        <translation>申请总部将您的额度提高至 %1 条</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="488"/>
        <source>Ask HQ to raise the branch volume to %1</source>
        <translation>申请总部将营业部总量提高至 %1 条</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="494"/>
        <source>Send %1 messages</source>
        <translation>发送 %1 条短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="496"/>
        <source>Send to the whole list</source>
        <translation>发送给整个名单</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="510"/>
        <source>Queueing %1 messages…</source>
        <translation>正在将 %1 条短信排入队列…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="514"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="527"/>
        <source>Queueing in chunks: %1 of %2 recipients done…</source>
        <translation>正在分批排队：已处理 %1 / %2 位收件人…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="536"/>
        <source>Queued %1 messages (%2 parts, %3); the HQ agent sends them and 短信记录 shows how each one went.</source>
        <translation>已排入 %1 条短信（计费 %2 条，%3）；由总部代理程序发送，每条的结果可在短信记录中查看。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="541"/>
        <source>Skipped: %1.</source>
        <translation>已跳过：%1。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="545"/>
        <source>you stopped it</source>
        <translation>您已停止</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="547"/>
        <source>Stopped after %1 of %2 recipients (%3): the rest were not sent.</source>
        <translation>处理 %1 / %2 位收件人后停止（%3）：其余的未发送。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="560"/>
        <source>Stopped: nothing was sent.</source>
        <translation>已停止：未发送任何短信。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="562"/>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/send_dialog.py" line="570"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>SessionsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="29"/>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="31"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="32"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="33"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="34"/>
        <source>Host</source>
        <translation>主机名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="35"/>
        <source>MACs</source>
        <translation>MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="36"/>
        <source>Address</source>
        <translation>IP地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="37"/>
        <source>Since</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="38"/>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="53"/>
        <source>Idle for</source>
        <translation>空闲时长</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="39"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="40"/>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="42"/>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="54"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="51"/>
        <source>Session no.</source>
        <translation>会话编号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="52"/>
        <source>Connected at</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="62"/>
        <source>Include closed sessions</source>
        <translation>包括已结束的会话</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="66"/>
        <source>End session…</source>
        <translation>结束会话…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="67"/>
        <source>Sign this session out now (the user sees why)</source>
        <translation>立即强制退出此会话（用户会看到原因）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="69"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="102"/>
        <source>%1 of %2 open</source>
        <translation>%1/%2 在线</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="107"/>
        <source>Open (your own)</source>
        <translation>在线（本人）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="107"/>
        <source>Open</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="108"/>
        <source>Closed %1: %2</source>
        <translation>已结束 %1：%2</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="119"/>
        <source>%1 signed in (%2 connections)</source>
        <translation>%1 个登录在线（%2 个数据库连接）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="122"/>
        <source>newest %1 shown</source>
        <translation>仅显示最新 %1 条</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="143"/>
        <source>Database connections of this sign-in:</source>
        <translation>该登录的数据库连接：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="144"/>
        <source>Select a sign-in to see its database connections.</source>
        <translation>选择一个登录以查看其数据库连接。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="150"/>
        <source>End the session of %1 (%2) on %3? The program there is signed out at once; unsaved work is kept until they sign in again.</source>
        <translation>结束 %1（%2）在 %3 上的会话？该电脑上的程序将立即退出登录；未保存的内容会保留到其重新登录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="154"/>
        <source>This is one of your own sessions.</source>
        <translation>这是您本人的会话。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="155"/>
        <location filename="../../crm_desktop/ui/admin/sessions_page.py" line="158"/>
        <source>End session</source>
        <translation>结束会话</translation>
    </message>
</context>
<context>
    <name>SetTargetDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="23"/>
        <source>Set sales target</source>
        <translation>设定销售任务</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="30"/>
        <source>Staff login, or branch code</source>
        <translation>员工工号或营业部代码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="55"/>
        <source>For:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="56"/>
        <source>Login or code:</source>
        <translation>工号/代码：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="57"/>
        <source>Period:</source>
        <translation>周期：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="58"/>
        <source>Starting:</source>
        <translation>开始：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="59"/>
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="60"/>
        <source>Target:</source>
        <translation>目标值：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="74"/>
        <source>Give the staff login or the branch code.</source>
        <translation>请填写员工工号或营业部代码。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="79"/>
        <source>The target is a number of 0 or more (yuan with at most two decimals, or a whole number of accounts).</source>
        <translation>目标值应为0或正数（金额以元计，最多两位小数；开户数为整数）。</translation>
    </message>
</context>
<context>
    <name>Sms</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="27"/>
        <source>No mobile in the extended data</source>
        <translation>扩展资料中没有手机号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="28"/>
        <source>Not a mainland mobile number</source>
        <translation>不是内地手机号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="29"/>
        <source>Hong Kong / Macau number: send it through the other platform</source>
        <translation>港澳号码：请通过另一平台发送</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="30"/>
        <source>Blacklisted number</source>
        <translation>号码在黑名单中</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="31"/>
        <source>Opted out of SMS</source>
        <translation>已退订短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="32"/>
        <source>The reservation is no longer open</source>
        <translation>预约已不在等待开户状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="33"/>
        <source>No monthly quota set by HQ</source>
        <translation>总部未设置每月额度</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="34"/>
        <source>Over the monthly quota</source>
        <translation>超出每月额度</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="42"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="43"/>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="44"/>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="45"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="46"/>
        <source>Failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="54"/>
        <source>China Mobile</source>
        <translation>中国移动</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="55"/>
        <source>China Unicom</source>
        <translation>中国联通</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="56"/>
        <source>China Telecom</source>
        <translation>中国电信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="57"/>
        <source>China Broadnet</source>
        <translation>中国广电</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="68"/>
        <source>The carrier refuses this number</source>
        <translation>运营商拒收该号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="69"/>
        <source>The gateway refused the request (malformed)</source>
        <translation>网关拒绝了请求（格式有误）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="70"/>
        <source>The gateway refused to send it</source>
        <translation>网关拒绝发送</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="71"/>
        <source>The SMS gateway could not be reached, retries given up</source>
        <translation>多次重试后仍无法连接短信网关</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="72"/>
        <source>The SMS gateway stayed busy or failing, retries given up</source>
        <translation>短信网关持续繁忙或故障，多次重试后放弃</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="73"/>
        <source>The SMS gateway refused our credentials, retries given up</source>
        <translation>短信网关不接受本系统的账号凭据，多次重试后放弃</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="74"/>
        <source>Handset unreachable (switched off or out of coverage)</source>
        <translation>手机无法接通（关机或不在服务区）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="75"/>
        <source>Not delivered</source>
        <translation>未能送达</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="76"/>
        <source>Expired before delivery</source>
        <translation>超时未送达（已过期）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="77"/>
        <source>The number does not exist</source>
        <translation>空号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="78"/>
        <source>The carrier rejected it</source>
        <translation>运营商拒绝投递</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="87"/>
        <source>Gateway&apos;s text: %1</source>
        <translation>网关原文：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="93"/>
        <source>Blacklisted (HQ)</source>
        <translation>黑名单（总部）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="94"/>
        <source>Opted out (customer&apos;s wish)</source>
        <translation>已退订（客户要求）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="107"/>
        <source>HQ has set no monthly SMS quota (每月发送条数) for you, so you cannot send. Ask HQ to set one.</source>
        <translation>总部尚未为您设置每月发送条数，因此无法发送。请联系总部设置。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="112"/>
        <source>You do not hold the SMS send right (短信发送). The branch grants it to its information manager (信息管理员).</source>
        <translation>您没有短信发送权限。该权限由营业部授予其信息管理员。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="128"/>
        <source>This batch does not fit the remaining monthly quota: %1. Nothing was sent.</source>
        <translation>本批短信超出本月剩余额度：%1。未发送任何短信。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="137"/>
        <source>The reservation is no longer visible to you</source>
        <translation>您已看不到该预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="138"/>
        <source>A prospect of reservation %1 (预约): no customer record yet</source>
        <translation>预约 %1 的意向客户：尚无客户资料</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="140"/>
        <source>The customer is no longer visible to you</source>
        <translation>您已无权查看该客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="149"/>
        <source>Queued at</source>
        <translation>排队时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="150"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="152"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="154"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="155"/>
        <source>Carrier</source>
        <translation>运营商</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="156"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="157"/>
        <source>Parts</source>
        <translation>计费条数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="158"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="159"/>
        <source>Sender</source>
        <translation>发送人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="160"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="161"/>
        <source>Failure reason</source>
        <translation>失败原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="162"/>
        <source>Delivery report</source>
        <translation>回执时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="263"/>
        <source>Asked from the send dialog: the batch did not fit.</source>
        <translation>从发送短信窗口申请：本批短信超出额度。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="270"/>
        <source>all customers of the current list</source>
        <translation>当前列表的全部客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="271"/>
        <source>search “%1”</source>
        <translation>查询“%1”</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/common.py" line="272"/>
        <source>public pool only</source>
        <translation>仅公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="54"/>
        <location filename="../../crm_desktop/ui/sms/install.py" line="71"/>
        <source>Send SMS</source>
        <translation>发送短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="72"/>
        <source>Send an SMS to the selected customers or to the whole list (%1)</source>
        <translation>向所选客户或整个列表发送短信（%1）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="77"/>
        <source>To the selected customers…</source>
        <translation>发送给所选客户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="79"/>
        <source>To all customers of the current list…</source>
        <translation>发送给当前列表的全部客户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="83"/>
        <source>Send SMS to the selected customers…</source>
        <translation>向所选客户发送短信…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="96"/>
        <source>Select customers in the list first, or choose “To all customers of the current list”.</source>
        <translation>请先在列表中选择客户，或选择“发送给当前列表的全部客户”。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="99"/>
        <location filename="../../crm_desktop/ui/sms/install.py" line="156"/>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="235"/>
        <source>%1 selected customers</source>
        <translation>所选的 %1 位客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="102"/>
        <source>(%1 further selected rows are not loaded yet and are left out)</source>
        <translation>（另有 %1 行选中的记录尚未加载，不包括在内）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="125"/>
        <source>Send a birthday greeting to the selected rows, or to every birthday of the window when none is selected</source>
        <translation>向所选客户发送生日祝福；未选择时发送给此期间内所有生日的客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="129"/>
        <source>Send the visit-back message (回访) to the selected rows, or to every new account listed when none is selected</source>
        <translation>向所选客户发送回访短信；未选择时发送给列出的所有新开户客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="134"/>
        <source>Send an SMS to the selected customers of the care queue, or to every customer listed when none is selected</source>
        <translation>向回访提醒中所选的客户发送短信；未选择时发送给列出的全部客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="139"/>
        <source>Send the reservation reminder to the selected prospects, or to every reservation listed when none is selected</source>
        <translation>向选中的预约客户发送预约到期提醒；未选中时发给列表中的全部预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="145"/>
        <location filename="../../crm_desktop/ui/sms/install.py" line="220"/>
        <source>Send SMS…</source>
        <translation>发送短信…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="167"/>
        <source>every customer with a birthday from %1 to %2 (生日提醒)</source>
        <translation>生日在 %1 至 %2 之间的全部客户（生日提醒）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="178"/>
        <source>No visit follow-ups are due.</source>
        <translation>没有到期的回访。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="180"/>
        <source>the %1 customers of the care queue (回访提醒)</source>
        <translation>回访提醒中的 %1 位客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="188"/>
        <source>%1 selected reservations</source>
        <translation>选中的 %1 个预约</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="192"/>
        <source>No reservation is about to expire.</source>
        <translation>没有即将到期的预约。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="194"/>
        <source>the %1 reservations about to expire (预约到期)</source>
        <translation>即将到期的 %1 个预约（预约到期）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="203"/>
        <source>No T+1 data has been loaded yet: there are no new accounts.</source>
        <translation>尚未加载 T+1 数据：没有新开户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="206"/>
        <source>every account opened from %1 to %2 (新开户)</source>
        <translation>%1 至 %2 开户的全部客户（新开户）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="221"/>
        <source>Send an SMS to every member of this group</source>
        <translation>向该客户群的全部成员发送短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/install.py" line="229"/>
        <source>the members of the group “%1” (%2)</source>
        <translation>客户群“%1”的成员（%2 位）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="37"/>
        <source>The sender no longer holds the send right or the account</source>
        <translation>发送人已无短信发送权限或账户已停用</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="199"/>
        <source>Information columns</source>
        <translation>信息栏目订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="200"/>
        <source>Subscribe customers to an information column (信息栏目), or unsubscribe them</source>
        <translation>为客户订阅信息栏目，或取消订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="205"/>
        <source>The selected customers…</source>
        <translation>选中的客户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="207"/>
        <source>All customers of the current list…</source>
        <translation>当前列表的全部客户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="209"/>
        <source>A customer group…</source>
        <translation>客户群…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="214"/>
        <source>Subscribe to an information column…</source>
        <translation>订阅信息栏目…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="243"/>
        <source>the members of the group chosen below</source>
        <translation>下面所选客户群的成员</translation>
    </message>
</context>
<context>
    <name>SmsAdminPage</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="47"/>
        <source>SMS (短信)</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="49"/>
        <source>Sender</source>
        <translation>发送人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="50"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="51"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="52"/>
        <source>Monthly quota (parts)</source>
        <translation>每月额度（条）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="54"/>
        <source>No quota: this sender cannot send</source>
        <translation>未设额度：此发送人无法发送</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="55"/>
        <source>Used this month</source>
        <translation>本月已用</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="60"/>
        <source>Set quota…</source>
        <translation>设置额度…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="64"/>
        <source>Carrier</source>
        <translation>运营商</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="65"/>
        <source>Price per part</source>
        <translation>每条单价</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="66"/>
        <source>Number prefixes</source>
        <translation>号段</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="71"/>
        <source>Set price…</source>
        <translation>设置单价…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="75"/>
        <source>Mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="78"/>
        <source>Reason (e.g. complaint)</source>
        <translation>原因（如投诉）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="80"/>
        <source>Blacklist</source>
        <translation>加入黑名单</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="82"/>
        <source>Remove from blacklist</source>
        <translation>移出黑名单</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="87"/>
        <source>Monthly quota per sender (每月发送条数)</source>
        <translation>每月发送条数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="91"/>
        <source>Without a quota a sender cannot send; the quota counts message parts.</source>
        <translation>未设额度的发送人无法发送；额度按计费条数计算。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="95"/>
        <source>Carriers and prices (charged to the customer&apos;s branch)</source>
        <translation>运营商及单价（费用计入客户所属营业部）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="102"/>
        <source>Blacklist (黑名单)</source>
        <translation>黑名单</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="127"/>
        <source>%1 senders</source>
        <translation>发送人 %1 名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="138"/>
        <source>Choose a sender first.</source>
        <translation>请先选择发送人。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="141"/>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="152"/>
        <source>Monthly SMS quota</source>
        <translation>每月短信额度</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="142"/>
        <source>Monthly quota of %1 in message parts (empty: none, cannot send):</source>
        <translation>%1 的每月额度（计费条数；留空表示不设额度，无法发送）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="148"/>
        <source>The quota is a whole number of message parts, or empty for none. Nothing was changed.</source>
        <translation>额度须为整数条数，或留空表示不设额度。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="157"/>
        <source>Choose a carrier first.</source>
        <translation>请先选择运营商。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="159"/>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="171"/>
        <source>Price per message part</source>
        <translation>每条短信单价</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="160"/>
        <source>Price of one message part for %1, in CNY:</source>
        <translation>%1 每条短信的单价（元）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="167"/>
        <source>“%1” is not a price. Nothing was changed.</source>
        <translation>“%1”不是有效的价格。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="184"/>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="195"/>
        <source>enter the mobile number</source>
        <translation>请输入手机号码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="188"/>
        <source>%1 is blacklisted: no SMS goes to it.</source>
        <translation>%1 已加入黑名单：不会再向其发送短信。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="189"/>
        <source>%1 was already blacklisted.</source>
        <translation>%1 已在黑名单中。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="199"/>
        <source>%1 is no longer blacklisted.</source>
        <translation>%1 已移出黑名单。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/admin_page.py" line="200"/>
        <source>%1 was not blacklisted.</source>
        <translation>%1 不在黑名单中。</translation>
    </message>
</context>
<context>
    <name>SmsTab</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="306"/>
        <source>SMS log (短信记录)</source>
        <translation>短信记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="307"/>
        <source>Monthly cost (费用报表)</source>
        <translation>费用报表</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="309"/>
        <source>Information columns (信息栏目)</source>
        <translation>信息栏目</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/tab.py" line="312"/>
        <source>Blacklist and opt-outs (黑名单与退订)</source>
        <translation>黑名单与退订</translation>
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
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="112"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="245"/>
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="129"/>
        <source>Filter: login, name, role, MAC…</source>
        <translation>筛选：账号、姓名、角色、MAC…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="134"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="134"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="134"/>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="135"/>
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="135"/>
        <source>Closed (销户)</source>
        <translation>已销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="135"/>
        <source>Not closed</source>
        <translation>未销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="142"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="143"/>
        <source>New account…</source>
        <translation>新建账号…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="144"/>
        <source>Edit permissions…</source>
        <translation>修改权限…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="145"/>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="146"/>
        <source>Freeze…</source>
        <translation>冻结…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="147"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="461"/>
        <source>Unfreeze</source>
        <translation>解冻</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="148"/>
        <source>Close account (销户)…</source>
        <translation>销户…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="149"/>
        <source>Bind MAC…</source>
        <translation>绑定MAC地址…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="150"/>
        <source>Unbind MAC…</source>
        <translation>解绑MAC地址…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="151"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="315"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="520"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="526"/>
        <source>Bind refused PC</source>
        <translation>绑定被拒电脑</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="152"/>
        <source>Bind the MAC addresses of this account&apos;s last refused sign-in</source>
        <translation>绑定该账号最近一次被拒登录所用电脑的MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="153"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="213"/>
        <source> + public pool</source>
        <translation> + 公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="220"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="221"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="222"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="223"/>
        <source>Type</source>
        <translation>员工类型</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="224"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="226"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="229"/>
        <source>Superior</source>
        <translation>上级员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="231"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="232"/>
        <source>Posts (审批岗)</source>
        <translation>审批岗</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="233"/>
        <source>Scope (客户范围)</source>
        <translation>客户范围</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="234"/>
        <source>Bound MACs</source>
        <translation>已绑定MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="236"/>
        <source>Last login</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="285"/>
        <source>%1 staff</source>
        <translation>共 %1 名员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="286"/>
        <source>%1 of %2 staff</source>
        <translation>%1 / %2 名员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="305"/>
        <source>Another administrator changes your own permissions</source>
        <translation>自己的权限须由另一位管理员修改</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="314"/>
        <source>Bind refused PC (%1)</source>
        <translation>绑定被拒电脑（%1）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="321"/>
        <source>superior: %1</source>
        <translation>上级：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="323"/>
        <source>frozen: %1</source>
        <translation>冻结原因：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="325"/>
        <source>temporary password valid until %1</source>
        <translation>临时密码有效期至 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="327"/>
        <source>MAC binding not required</source>
        <translation>无需绑定MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="330"/>
        <source>last refused PC: %1</source>
        <translation>最近被拒电脑：%1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="332"/>
        <source>closed %1</source>
        <translation>销户于 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="333"/>
        <source>created %1</source>
        <translation>创建于 %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="389"/>
        <source>Not connected: sign in again, then retry.</source>
        <translation>未连接：请重新登录后重试。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="434"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="437"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="439"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="435"/>
        <source>Give %1 (%2) a new temporary password? Their current password stops working and they are signed out now.</source>
        <translation>为 %1（%2）重置临时密码？其当前密码将立即失效，并被强制退出登录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="447"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="453"/>
        <source>Freeze account</source>
        <translation>冻结账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="448"/>
        <source>Freeze %1 (%2)? They are signed out now and cannot sign in until unfrozen.
Reason (optional):</source>
        <translation>冻结 %1（%2）？该员工将被立即退出登录，解冻前无法登录。
原因（可选）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="459"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="463"/>
        <source>Unfreeze account</source>
        <translation>解冻账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="460"/>
        <source>Unfreeze %1 (%2)? They can sign in again.</source>
        <translation>解冻 %1（%2）？解冻后该员工可重新登录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="470"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="476"/>
        <source>Close account (销户)</source>
        <translation>销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="471"/>
        <source>Close the account of %1 (%2)? They can never sign in again. The account and its history (customers, approvals, audit) are kept; it cannot be reopened.
Live customer relationships and subordinates must be handed over first.</source>
        <translation>为 %1（%2）销户？销户后将永远无法登录。账号及其历史记录（客户、审批、审计）会保留，但不能重新启用。
须先移交其现有的客户服务关系和下属员工。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="474"/>
        <source>Close account</source>
        <translation>销户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="483"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="489"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="493"/>
        <source>Bind MAC</source>
        <translation>绑定MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="484"/>
        <source>MAC address of the PC to bind to %1 (e.g. 00-1A-2B-3C-4D-5E):</source>
        <translation>要绑定到 %1 的电脑的MAC地址（例如 00-1A-2B-3C-4D-5E）：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="490"/>
        <source>&quot;%1&quot; is not a MAC address (six hex pairs, e.g. 00-1A-2B-3C-4D-5E)</source>
        <translation>“%1”不是有效的MAC地址（应为六组十六进制数，例如 00-1A-2B-3C-4D-5E）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="502"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="506"/>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="510"/>
        <source>Unbind MAC</source>
        <translation>解绑MAC地址</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="502"/>
        <source>Unbind %1 from %2? That PC can no longer be used to sign in to this account.</source>
        <translation>将 %1 从 %2 解绑？解绑后将无法再用该电脑登录此账号。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="504"/>
        <source>Unbind</source>
        <translation>解绑</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="507"/>
        <source>MAC address to unbind from %1:</source>
        <translation>要从 %1 解绑的MAC地址：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="521"/>
        <source>The last sign-in of %1 was refused on a PC with these addresses:
%2

Bind that PC to the account?</source>
        <translation>%1 最近一次登录被拒，所用电脑的地址为：
%2

将该电脑绑定到此账号？</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/admin/staff_page.py" line="523"/>
        <source>Bind</source>
        <translation>绑定</translation>
    </message>
</context>
<context>
    <name>StatisticsModel</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_groups/dialog.py" line="39"/>
        <source>%1 members</source>
        <translation>%1 名成员</translation>
    </message>
</context>
<context>
    <name>SubscribeDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="63"/>
        <source>Information column subscriptions (信息栏目)</source>
        <translation>信息栏目订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="67"/>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="170"/>
        <source>Subscribe</source>
        <translation>订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="68"/>
        <source>Unsubscribe</source>
        <translation>取消订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="78"/>
        <source>Subscribed customers get every issue of the column, sent and charged by you (your monthly quota). Customers already subscribed keep their sender. Only customers of your branch that you can see are accepted.</source>
        <translation>订阅的客户将收到该栏目的每一期信息，由您发送并计入您的每月条数。已订阅的客户保留原发送人。只接受您能看到的本营业部客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="98"/>
        <source>Customers:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="100"/>
        <source>Group:</source>
        <translation>客户群：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="101"/>
        <source>Column:</source>
        <translation>栏目：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="102"/>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="136"/>
        <source>HQ has defined no active information column yet.</source>
        <translation>总部尚未设立启用的信息栏目。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="170"/>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="172"/>
        <source>Subscribe %1 customers</source>
        <translation>订阅 %1 位客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions_install.py" line="174"/>
        <source>Unsubscribe %1 customers</source>
        <translation>取消 %1 位客户的订阅</translation>
    </message>
</context>
<context>
    <name>SubscriptionsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="332"/>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="413"/>
        <source>Column</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="333"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="334"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="334"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="334"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="335"/>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="402"/>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="441"/>
        <source>Subscribers</source>
        <translation>订阅客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="336"/>
        <source>Last issue</source>
        <translation>最近一期</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="343"/>
        <source>New column…</source>
        <translation>新增栏目…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="345"/>
        <source>Edit column…</source>
        <translation>修改栏目…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="347"/>
        <source>Publish issue…</source>
        <translation>发布信息…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="351"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="352"/>
        <source>Read the columns, subscribers and issues again (F5)</source>
        <translation>重新读取栏目、订阅客户和各期信息（F5）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="355"/>
        <source>Subscribe customers from the Customers tab: select them (or filter the list) and choose “Information columns”.</source>
        <translation>在“客户”页订阅：选中客户（或过滤列表），再选择“信息栏目订阅”。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="365"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="367"/>
        <source>A customer of your branch you cannot see yourself</source>
        <translation>本营业部中您本人看不到的客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="368"/>
        <source>Account</source>
        <translation>资金账号</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="369"/>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="411"/>
        <source>Sender</source>
        <translation>发送人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="370"/>
        <source>Subscribed at</source>
        <translation>订阅时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="371"/>
        <source>Subscribed by</source>
        <translation>订阅人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="378"/>
        <source>Unsubscribe selected</source>
        <translation>取消选中客户的订阅</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="382"/>
        <source>◀ Newer</source>
        <translation>◀ 较新</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="384"/>
        <source>Older ▶</source>
        <translation>较早 ▶</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="399"/>
        <source>Published</source>
        <translation>发布时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="400"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="401"/>
        <source>Handed to the outbox</source>
        <translation>进入发送队列</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="401"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="403"/>
        <source>Queued</source>
        <translation>已排队</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="404"/>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="412"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="414"/>
        <source>Why nothing is sent</source>
        <translation>不能发送的原因</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="415"/>
        <source>Subscriptions</source>
        <translation>订阅数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="416"/>
        <source>Move request</source>
        <translation>转移申请</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="417"/>
        <source>No. %1 pending</source>
        <translation>第 %1 号待审批</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="422"/>
        <source>Request move to another sender…</source>
        <translation>申请转给其他发送人…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="428"/>
        <source>These subscriptions get nothing: their sender lost the send right, the account or the monthly quota. When the branch changed its information manager, move them to the new one.</source>
        <translation>这些订阅收不到信息：发送人已失去短信发送权限、账户或每月发送条数。营业部更换信息管理员后，请把订阅转给新的信息管理员。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="442"/>
        <source>Issues</source>
        <translation>各期信息</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="443"/>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="496"/>
        <source>Senders who cannot send</source>
        <translation>不能发送的发送人</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="543"/>
        <source>Choose a column above.</source>
        <translation>请在上面选择一个栏目。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="545"/>
        <source>Nobody of your branches subscribes to “%1” yet.</source>
        <translation>您的营业部还没有客户订阅“%1”。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="547"/>
        <source>Subscribers %1–%2 of %3, newest first</source>
        <translation>订阅客户第 %1–%2 位，共 %3 位，最新的在前</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="564"/>
        <source>%1 customers unsubscribed from “%2”.</source>
        <translation>已取消 %1 位客户对“%2”的订阅。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="590"/>
        <source>Issue published: the agent sends it to the subscribers of “%1” within a minute.</source>
        <translation>已发布：后台服务将在一分钟内发给“%1”的订阅客户。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/sms/subscriptions.py" line="603"/>
        <source>Request No. %1 submitted: the subscriptions move once it is approved (审批).</source>
        <translation>第 %1 号申请已提交：审批通过后订阅即转移。</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="64"/>
        <source>Summary (汇总统计)</source>
        <translation>汇总统计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="84"/>
        <source>Group by (at most %1)</source>
        <translation>分组依据（最多 %1 项）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="87"/>
        <source>Number of customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="90"/>
        <source>Sum</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="90"/>
        <source>Average</source>
        <translation>平均值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="90"/>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="91"/>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="104"/>
        <source>Figures</source>
        <translation>统计指标</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="107"/>
        <source>Calculate</source>
        <translation>计算</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="109"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="120"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="153"/>
        <source>search “%1”</source>
        <translation>查询“%1”</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="157"/>
        <source>public pool only</source>
        <translation>仅公有客户</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="159"/>
        <source>Over the whole list (every customer you can see).</source>
        <translation>统计范围：全部客户（您有权查看的所有客户）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="160"/>
        <source>Over the current list: %1</source>
        <translation>统计范围：当前列表 — %1</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="185"/>
        <source>Choose group columns or figures first.</source>
        <translation>请先选择分组列或统计指标。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="188"/>
        <source>Choose at most %1 group columns.</source>
        <translation>最多只能选择 %1 个分组列。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="191"/>
        <source>Calculating…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="200"/>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="211"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="223"/>
        <source>%1 groups</source>
        <translation>共 %1 组</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="228"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="230"/>
        <source>%1 (sum)</source>
        <translation>%1（合计）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="230"/>
        <source>%1 (average)</source>
        <translation>%1（平均）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="230"/>
        <source>%1 (minimum)</source>
        <translation>%1（最小）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="231"/>
        <source>%1 (maximum)</source>
        <translation>%1（最大）</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="239"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="239"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customers/summary_dialog.py" line="290"/>
        <source>Export summary</source>
        <translation>导出汇总统计</translation>
    </message>
</context>
<context>
    <name>TargetListModel</name>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="54"/>
        <source>Staff / team / branch</source>
        <translation>员工/团队/营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="54"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="54"/>
        <source>Branch</source>
        <translation>营业部</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="54"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="55"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="55"/>
        <source>Actual</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="55"/>
        <source>Completion</source>
        <translation>完成率</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/tab.py" line="113"/>
        <source>%1 of %2 %3</source>
        <translation>已完成 %1 / 目标 %2 %3</translation>
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
    <name>TransferDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="333"/>
        <source>Transfer (调岗)</source>
        <translation>调岗</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="335"/>
        <source>Move %1 (%2) to another staff type and/or branch. On approval their live relationships are released first (the customers go to the public pool).</source>
        <translation>将 %1（%2）调整到其他员工类型和/或营业部。审批通过后，其现有关系将先行解除（相关客户转为公有客户）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="354"/>
        <source>New staff type:</source>
        <translation>新员工类型：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="355"/>
        <source>New branch:</source>
        <translation>新营业部：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="356"/>
        <source>Reason / note:</source>
        <translation>原因/备注：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="357"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/approvals/requests.py" line="362"/>
        <source>Choose another staff type or branch.</source>
        <translation>请选择不同的员工类型或营业部。</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="46"/>
        <source>Edit visit</source>
        <translation>修改拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="46"/>
        <source>Add visit</source>
        <translation>新增拜访记录</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="56"/>
        <source>What was discussed, what the customer wants…</source>
        <translation>沟通内容、客户需求…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="57"/>
        <source>Next follow-up:</source>
        <translation>下次跟进：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="82"/>
        <source>Time:</source>
        <translation>拜访时间：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="83"/>
        <source>Channel:</source>
        <translation>拜访方式：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="84"/>
        <source>Content:</source>
        <translation>拜访内容：</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="122"/>
        <source>Time</source>
        <translation>拜访时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="122"/>
        <source>Channel</source>
        <translation>拜访方式</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="122"/>
        <source>Content</source>
        <translation>拜访内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="123"/>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="153"/>
        <source>Time</source>
        <translation>拜访时间</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="154"/>
        <source>Channel</source>
        <translation>拜访方式</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="155"/>
        <source>Content</source>
        <translation>拜访内容</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="156"/>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="158"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="169"/>
        <source>Add visit…</source>
        <translation>新增拜访记录…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="170"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="171"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="179"/>
        <source>You can change only your own visits (others are grey).</source>
        <translation>只能修改您本人的拜访记录（他人的记录显示为灰色）。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="222"/>
        <source>Only the author can change a visit.</source>
        <translation>只有记录人本人可以修改拜访记录。</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/customer_detail/visits_page.py" line="283"/>
        <source>Delete the visit of %1?

%2</source>
        <translation>删除 %1 的拜访记录？

%2</translation>
    </message>
</context>
<context>
    <name>WeightsDialog</name>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="124"/>
        <source>Contribution weights</source>
        <translation>贡献度权重</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="131"/>
        <source>Net commission ×</source>
        <translation>净佣金 ×</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="132"/>
        <source>Interest spread ×</source>
        <translation>利差 ×</translation>
    </message>
    <message>
        <location filename="../../crm_desktop/ui/targets/dialogs.py" line="137"/>
        <source>Contribution = net commission × w1 + interest spread × w2</source>
        <translation>贡献度 = 净佣金 × w1 + 利差 × w2</translation>
    </message>
</context>
</TS>
