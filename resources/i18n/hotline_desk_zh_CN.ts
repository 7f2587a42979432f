<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AreaPicker</name>
    <message>
        <location filename="../../app/views/area_picker.py" line="39"/>
        <location filename="../../app/views/area_picker.py" line="54"/>
        <location filename="../../app/views/area_picker.py" line="68"/>
        <source>(not chosen)</source>
        <translation>（未选择）</translation>
    </message>
    <message>
        <location filename="../../app/views/area_picker.py" line="55"/>
        <source>{name} (no longer valid)</source>
        <translation>{name}（已停用）</translation>
    </message>
</context>
<context>
    <name>CallbackChecklist</name>
    <message>
        <location filename="../../app/views/callback_checklist.py" line="88"/>
        <location filename="../../app/views/callback_checklist.py" line="118"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_checklist.py" line="89"/>
        <location filename="../../app/views/callback_checklist.py" line="119"/>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>CallbackPanel</name>
    <message>
        <location filename="../../app/views/callback_panel.py" line="119"/>
        <source>Callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="120"/>
        <source>Note on this attempt</source>
        <translation>本次回访备注</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="121"/>
        <source>Not reached</source>
        <translation>未接通</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="122"/>
        <source>Reached</source>
        <translation>已接通</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="123"/>
        <source>Record unreachable</source>
        <translation>记为无法联系</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="124"/>
        <source>Reason for redo</source>
        <translation>重办原因</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="125"/>
        <source>Redo</source>
        <translation>重办</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="126"/>
        <source>Close case</source>
        <translation>办结归档</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="183"/>
        <source>reached</source>
        <translation>已接通</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="183"/>
        <source>not reached</source>
        <translation>未接通</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="223"/>
        <source>Saved; it will sync when online</source>
        <translation>已保存，联网后自动同步</translation>
    </message>
</context>
<context>
    <name>CallerHistoryPanel</name>
    <message>
        <location filename="../../app/views/caller_history_panel.py" line="45"/>
        <source>Caller history</source>
        <translation>来电历史</translation>
    </message>
    <message>
        <location filename="../../app/views/caller_history_panel.py" line="94"/>
        <source>No caller number yet.</source>
        <translation>尚无来电号码。</translation>
    </message>
    <message>
        <location filename="../../app/views/caller_history_panel.py" line="98"/>
        <source>{number}: {open} open case(s), {earlier} case(s) in total, {calls} call(s) in the last 30 days</source>
        <translation>{number}：在办工单 {open} 件，历史工单 {earlier} 件，近 30 天来电 {calls} 次</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <location filename="../../app/views/case_detail.py" line="143"/>
        <source>Show number (logged)</source>
        <translation>显示号码（留痕）</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="145"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="145"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="149"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="150"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="151"/>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="41"/>
        <location filename="../../app/views/case_detail.py" line="152"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="39"/>
        <source>Official number</source>
        <translation>正式编号</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="40"/>
        <source>Provisional number</source>
        <translation>临时编号</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="42"/>
        <source>Request type</source>
        <translation>诉求类型</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="43"/>
        <source>Category</source>
        <translation>事项分类</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="44"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="45"/>
        <source>Requester</source>
        <translation>诉求人类型</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="46"/>
        <source>Enterprise</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="47"/>
        <source>Summary</source>
        <translation>诉求摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="48"/>
        <source>Narrative</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="49"/>
        <source>Address</source>
        <translation>事发地址</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="50"/>
        <source>Area</source>
        <translation>所属区域</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="51"/>
        <source>Lead unit</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="52"/>
        <source>Accept by</source>
        <translation>签收时限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="53"/>
        <source>Due</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="54"/>
        <source>Redo count</source>
        <translation>重办次数</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="55"/>
        <source>Key issue</source>
        <translation>重点事项</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="56"/>
        <source>Overseeing leader</source>
        <translation>督办领导</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="57"/>
        <source>Resolution</source>
        <translation>解决情况</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="58"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="59"/>
        <source>Holder</source>
        <translation>当前处理方</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="60"/>
        <source>Registered by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="61"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="74"/>
        <source>Event</source>
        <translation>流转</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="75"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="76"/>
        <source>Contact</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="77"/>
        <source>Callback attempt</source>
        <translation>回访拨打</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="78"/>
        <source>Checklist answer</source>
        <translation>回访答复</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="153"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="193"/>
        <location filename="../../app/views/case_detail.py" line="240"/>
        <source>Caller: {number}</source>
        <translation>来电号码：{number}</translation>
    </message>
</context>
<context>
    <name>CategoryPicker</name>
    <message>
        <location filename="../../app/views/category_picker.py" line="171"/>
        <source>Search category: Chinese, code or pinyin initials (e.g. sb)</source>
        <translation>搜索分类：中文、编码或拼音首字母（如 sb）</translation>
    </message>
</context>
<context>
    <name>ChangeLabel</name>
    <message>
        <location filename="../../app/views/change_labels.py" line="17"/>
        <source>New case</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <location filename="../../app/views/change_labels.py" line="18"/>
        <source>Case fields edited</source>
        <translation>修改工单内容</translation>
    </message>
    <message>
        <location filename="../../app/views/change_labels.py" line="19"/>
        <source>Article flagged as outdated</source>
        <translation>标记知识过期</translation>
    </message>
</context>
<context>
    <name>ConflictInbox</name>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="81"/>
        <location filename="../../app/views/conflict_inbox.py" line="94"/>
        <source>Case</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="82"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="83"/>
        <source>This desk&apos;s value</source>
        <translation>本机的值</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="84"/>
        <source>Server&apos;s value</source>
        <translation>服务器的值</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="87"/>
        <source>Keep this desk&apos;s value</source>
        <translation>保留本机的值</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="88"/>
        <source>Keep the server&apos;s value</source>
        <translation>采用服务器的值</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="90"/>
        <location filename="../../app/views/conflict_inbox.py" line="135"/>
        <source>{count} conflict(s) to decide</source>
        <translation>{count} 处冲突待处理</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="95"/>
        <source>Refused change</source>
        <translation>被拒绝的操作</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="96"/>
        <source>What was sent</source>
        <translation>提交的内容</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="97"/>
        <source>Server&apos;s reason</source>
        <translation>服务器的理由</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="101"/>
        <location filename="../../app/views/conflict_inbox.py" line="155"/>
        <source>{count} change(s) refused by the server</source>
        <translation>服务器拒绝了 {count} 项操作</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="105"/>
        <source>Mark as read</source>
        <translation>标为已读</translation>
    </message>
</context>
<context>
    <name>DashboardPanel</name>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="178"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="179"/>
        <source>Last 7 days</source>
        <translation>近7天</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="180"/>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="181"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="189"/>
        <source>All callers</source>
        <translation>全部来电人</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="190"/>
        <source>Enterprise lane</source>
        <translation>企业诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="193"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="194"/>
        <source>Export figures (CSV)</source>
        <translation>导出数据（CSV）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="195"/>
        <source>Export charts (PNG)</source>
        <translation>导出图表（PNG）</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="197"/>
        <source>Cases</source>
        <translation>工单量</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="198"/>
        <source>On-time completion</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="199"/>
        <source>Callback rate</source>
        <translation>回访率</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="200"/>
        <source>Satisfaction</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="201"/>
        <source>Direct resolution</source>
        <translation>直接办结率</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="206"/>
        <source>Category</source>
        <translation>事项分类</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="207"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="208"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="209"/>
        <source>Last week</source>
        <translation>上周</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="240"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="257"/>
        <source>{first} to {last}</source>
        <translation>{first} 至 {last}</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="268"/>
        <source>Figures unavailable: {error}</source>
        <translation>暂无法统计：{error}</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="294"/>
        <source>Cases by day</source>
        <translation>每日工单量</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="301"/>
        <source>Cases by hour</source>
        <translation>各时段工单量</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="308"/>
        <source>Cases by request type</source>
        <translation>按诉求类型</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="315"/>
        <source>Top categories</source>
        <translation>高频事项分类</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="325"/>
        <source>No hotspot in the last {days} days. A hotspot is one category in one community with at least {minimum} cases in {days} days and {ratio} times the {days} days before.</source>
        <translation>近{days}天无热点。热点指同一事项分类在同一社区{days}天内不少于{minimum}件，且达到前{days}天的{ratio}倍。</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="364"/>
        <source>Export figures</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="371"/>
        <source>Export charts</source>
        <translation>导出图表</translation>
    </message>
</context>
<context>
    <name>DisputesPanel</name>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="150"/>
        <source>Load returns</source>
        <translation>载入退回工单</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="151"/>
        <source>Agenda (CSV)</source>
        <translation>会商议程（CSV）</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="152"/>
        <source>Agenda (PDF)</source>
        <translation>会商议程（PDF）</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="156"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="157"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="158"/>
        <source>Returning unit</source>
        <translation>退单单位</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="159"/>
        <source>Re-dispatched to</source>
        <translation>改派单位</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="160"/>
        <source>Returns</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="161"/>
        <source>Approved</source>
        <translation>已同意</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="162"/>
        <source>Refused</source>
        <translation>未同意</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="163"/>
        <source>Pending</source>
        <translation>待审</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="164"/>
        <source>Categories</source>
        <translation>事项分类</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="165"/>
        <source>Areas</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="166"/>
        <source>Reasons</source>
        <translation>退单理由</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="167"/>
        <source>Cases</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="170"/>
        <source>Record decision as dispatch rule</source>
        <translation>将会商结论记为派单规则</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="174"/>
        <source>Category code (prefix)</source>
        <translation>事项分类编码（前缀）</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="175"/>
        <source>Area code (prefix, may be empty)</source>
        <translation>区划编码（前缀，可为空）</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="176"/>
        <source>Lead unit code</source>
        <translation>主办单位编码</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="177"/>
        <source>Co-unit codes (separated by ;)</source>
        <translation>协办单位编码（以 ; 分隔）</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="178"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="249"/>
        <source>Choose a dispute first</source>
        <translation>请先选择一条争议</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="281"/>
        <source>Disputes meeting agenda</source>
        <translation>争议会商议程</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="286"/>
        <location filename="../../app/views/disputes_panel.py" line="294"/>
        <source>Export agenda</source>
        <translation>导出议程</translation>
    </message>
</context>
<context>
    <name>HandlerPanel</name>
    <message>
        <location filename="../../app/views/handler_panel.py" line="49"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="50"/>
        <source>Visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="51"/>
        <source>Text message</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="52"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="141"/>
        <source>Handle the case</source>
        <translation>办理工单</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="142"/>
        <source>Accept</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="143"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="144"/>
        <source>Return (not ours)</source>
        <translation>退回（非本单位职责）</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="145"/>
        <source>Request extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="146"/>
        <source>New due date</source>
        <translation>新的办结时限</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="147"/>
        <source>Contacted the caller</source>
        <translation>已联系诉求人</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="148"/>
        <source>What was agreed</source>
        <translation>沟通结果</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="149"/>
        <source>Record contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="150"/>
        <source>Result</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="151"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="158"/>
        <source>Select a case in the queue</source>
        <translation>请在队列中选择工单</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="195"/>
        <source>Case {number}</source>
        <translation>工单 {number}</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="250"/>
        <source>Saved; it will sync when online</source>
        <translation>已保存，联网后自动同步</translation>
    </message>
</context>
<context>
    <name>HandlingPanel</name>
    <message>
        <location filename="../../app/views/handling_panel.py" line="120"/>
        <source>Answer on call</source>
        <translation>直接答复</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="121"/>
        <location filename="../../app/views/handling_panel.py" line="139"/>
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="122"/>
        <source>Emergency transfer</source>
        <translation>即时转办</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="123"/>
        <source>Invalid</source>
        <translation>无效来电</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="128"/>
        <source>Cite the knowledge article(s) you answered from, then close.</source>
        <translation>请先引用答复所依据的知识条目，再办结。</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="130"/>
        <source>Answered on call: close case</source>
        <translation>直接办结</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="132"/>
        <source>Lead unit</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="133"/>
        <source>Suggestion</source>
        <translation>派单目录建议</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="134"/>
        <source>Deadline</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="135"/>
        <source>Instruction</source>
        <translation>派单意见</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="142"/>
        <source>110 police</source>
        <translation>110 报警</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="143"/>
        <source>119 fire</source>
        <translation>119 火警</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="144"/>
        <source>120 ambulance</source>
        <translation>120 急救</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="145"/>
        <source>122 traffic accident</source>
        <translation>122 交通事故</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="149"/>
        <source>What was handed over</source>
        <translation>转办内容</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="150"/>
        <source>Transfer now</source>
        <translation>立即转接</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="152"/>
        <source>Reason (silent call, harassment, wrong number …)</source>
        <translation>原因（无声电话、骚扰、打错 …）</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="154"/>
        <source>Mark invalid</source>
        <translation>标记无效</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="155"/>
        <source>Dispatch instruction</source>
        <translation>派单意见</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="172"/>
        <source>{name} (no longer valid)</source>
        <translation>{name}（已停用）</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="184"/>
        <source>No catalogue rule for this category and area: choose the unit.</source>
        <translation>派单目录中无此分类和地区的规则，请手动选择单位。</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="196"/>
        <source>Catalogue: lead {lead}; co-units {co}</source>
        <translation>派单目录：主办 {lead}；协办 {co}</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="219"/>
        <source>Choose a category to see the deadline.</source>
        <translation>选择事项分类后显示办理时限。</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="227"/>
        <source>Finish by {finish} (accept by {accept}). {why}</source>
        <translation>办结时限 {finish}（签收时限 {accept}）。{why}</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="239"/>
        <source>(holiday calendar not confirmed for that year)</source>
        <translation>（该年度节假日安排尚未确认）</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <location filename="../../app/views/intake_form.py" line="170"/>
        <source>Caller number</source>
        <translation>来电号码</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="171"/>
        <source>Callback number</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="172"/>
        <source>Caller name</source>
        <translation>来电人</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="173"/>
        <source>Requester</source>
        <translation>诉求人类型</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="174"/>
        <source>Enterprise name</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="175"/>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="176"/>
        <source>Request type</source>
        <translation>诉求类型</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="177"/>
        <source>Category</source>
        <translation>事项分类</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="178"/>
        <source>Chosen</source>
        <translation>已选分类</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="179"/>
        <source>Narrative</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="180"/>
        <source>Summary</source>
        <translation>诉求摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="181"/>
        <source>Address</source>
        <translation>事发地址</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="182"/>
        <source>Area</source>
        <translation>所属区域</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="183"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="187"/>
        <source>Person</source>
        <translation>个人</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="188"/>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="189"/>
        <source>Confidential (mask the caller)</source>
        <translation>保密（隐藏来电人信息）</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="190"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="191"/>
        <source>18 characters, checked as typed</source>
        <translation>18 位，输入时即校验</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="192"/>
        <source>Separate tags with commas</source>
        <translation>多个标签用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="193"/>
        <source>Leave empty if the same</source>
        <translation>与来电号码相同可不填</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="265"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="269"/>
        <source>{category} (no longer valid)</source>
        <translation>{category}（已停用）</translation>
    </message>
</context>
<context>
    <name>IntakePanel</name>
    <message>
        <location filename="../../app/views/intake_panel.py" line="141"/>
        <source>New intake (F2)</source>
        <translation>新建受理 (F2)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="142"/>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="200"/>
        <source>New intake</source>
        <translation>新建受理</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="217"/>
        <source>Draft restored after an interrupted session</source>
        <translation>已恢复上次中断时的草稿</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="345"/>
        <location filename="../../app/views/intake_panel.py" line="402"/>
        <source>Not saved: {why}</source>
        <translation>未保存：{why}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="351"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="390"/>
        <source>Saved: {number} ({status})</source>
        <translation>已保存：{number}（{status}）</translation>
    </message>
</context>
<context>
    <name>ItemModels</name>
    <message>
        <location filename="../../app/views/item_models.py" line="111"/>
        <source>No.</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="113"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="117"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="120"/>
        <source>Summary</source>
        <translation>诉求摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="140"/>
        <source>Why it matched</source>
        <translation>匹配原因</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="153"/>
        <source>Article</source>
        <translation>知识条目</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="156"/>
        <source>Excerpt</source>
        <translation>摘录</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="177"/>
        <source>(expired)</source>
        <translation>（已失效）</translation>
    </message>
</context>
<context>
    <name>KnowledgePanel</name>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="158"/>
        <source>Search knowledge: 社保, 公积金, gjj … (F3 / Ctrl+K)</source>
        <translation>搜索知识库：社保、公积金、gjj …（F3 / Ctrl+K）</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="160"/>
        <source>Valid only</source>
        <translation>仅显示有效</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="161"/>
        <source>Answer script</source>
        <translation>答复口径</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="162"/>
        <source>Copy answer script</source>
        <translation>复制答复口径</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="163"/>
        <source>Cite in current case</source>
        <translation>引用到当前工单</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="164"/>
        <source>Flag as outdated</source>
        <translation>标记为过时</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="166"/>
        <source>Why is it outdated? (optional)</source>
        <translation>为何过时？（选填）</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="172"/>
        <location filename="../../app/views/knowledge_panel.py" line="191"/>
        <source>All categories</source>
        <translation>全部分类</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="174"/>
        <location filename="../../app/views/knowledge_panel.py" line="197"/>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="188"/>
        <source>{name} (no longer valid)</source>
        <translation>{name}（已停用）</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="222"/>
        <source>{count} article(s)</source>
        <translation>共 {count} 条</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="255"/>
        <source>Choose an article</source>
        <translation>请选择知识条目</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="264"/>
        <source>EXPIRED on {date}: do not answer from this article</source>
        <translation>已于 {date} 失效：请勿据此答复</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="271"/>
        <source>Valid until {date}</source>
        <translation>有效期至 {date}</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="345"/>
        <source>The flag could not be saved</source>
        <translation>过时标记未能保存</translation>
    </message>
</context>
<context>
    <name>KnowledgeSidePanel</name>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="71"/>
        <source>Knowledge suggestions</source>
        <translation>知识推荐</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="72"/>
        <source>Cite in case</source>
        <translation>引用</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="73"/>
        <source>Open article</source>
        <translation>查看全文</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="137"/>
        <source>No article cited yet.</source>
        <translation>尚未引用知识条目。</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="140"/>
        <source>Cited: {titles}</source>
        <translation>已引用：{titles}</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../app/views/idle_lock.py" line="74"/>
        <source>Seat locked. Enter your password to go on.</source>
        <translation>坐席已锁定，请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../app/views/idle_lock.py" line="75"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../app/views/idle_lock.py" line="112"/>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <location filename="../../app/views/idle_lock.py" line="129"/>
        <source>Wrong password.</source>
        <translation>密码错误。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/views/login_dialog.py" line="98"/>
        <source>Hotline Desk: log in</source>
        <translation>12345 热线坐席：登录</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="101"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="101"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="101"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="110"/>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="132"/>
        <source>Login failed.</source>
        <translation>登录失败。</translation>
    </message>
</context>
<context>
    <name>LoginNeededButton</name>
    <message>
        <location filename="../../app/views/desk_sync.py" line="121"/>
        <source>Sync needs a new login</source>
        <translation>同步需要重新登录</translation>
    </message>
    <message>
        <location filename="../../app/views/desk_sync.py" line="122"/>
        <source>Log in…</source>
        <translation>登录…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/views/main_window.py" line="239"/>
        <source>Hotline Desk 12345</source>
        <translation>12345 政务服务便民热线坐席</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="242"/>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="243"/>
        <source>Knowledge</source>
        <translation>知识库</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="244"/>
        <source>My cases</source>
        <translation>我的工单</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="245"/>
        <source>Callbacks</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="246"/>
        <source>Queues</source>
        <translation>工单队列</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="247"/>
        <source>Dashboard</source>
        <translation>统计看板</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="248"/>
        <source>Disputes</source>
        <translation>争议会商</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="252"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="253"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="254"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="256"/>
        <source>Operator: {name}</source>
        <translation>坐席：{name}</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="259"/>
        <source>Sync: not connected yet</source>
        <translation>同步：尚未连接</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="294"/>
        <source>Logged in offline: the server cannot be reached</source>
        <translation>离线登录：服务器当前无法连接</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="361"/>
        <source>Case {number} saved</source>
        <translation>工单 {number} 已保存</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="377"/>
        <source>{count} sync conflicts need a decision (Queues tab)</source>
        <translation>{count} 条同步冲突待处理（见“队列”页）</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="393"/>
        <source>Article flagged as outdated</source>
        <translation>已标记该知识条目过时</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="408"/>
        <source>Background task failed: {name}</source>
        <translation>后台任务失败：{name}</translation>
    </message>
</context>
<context>
    <name>MatchesPanel</name>
    <message>
        <location filename="../../app/views/matches_panel.py" line="71"/>
        <source>Possible duplicates and repeat calls</source>
        <translation>疑似重复件与重复来电</translation>
    </message>
    <message>
        <location filename="../../app/views/matches_panel.py" line="72"/>
        <source>Link call to case (并单)</source>
        <translation>并单到所选工单</translation>
    </message>
    <message>
        <location filename="../../app/views/matches_panel.py" line="73"/>
        <source>Undo link</source>
        <translation>撤销并单</translation>
    </message>
    <message>
        <location filename="../../app/views/matches_panel.py" line="133"/>
        <source>This call is a new case.</source>
        <translation>本次来电将作为新工单。</translation>
    </message>
    <message>
        <location filename="../../app/views/matches_panel.py" line="136"/>
        <source>Linked to case {number}: saving adds this call to it.</source>
        <translation>已并单到工单 {number}：保存后本次来电记入该工单。</translation>
    </message>
</context>
<context>
    <name>MyCasesModel</name>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="40"/>
        <source>No.</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="41"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="42"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="43"/>
        <source>Unit</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="44"/>
        <source>Due</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="45"/>
        <source>Summary</source>
        <translation>诉求摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="198"/>
        <source>(confidential)</source>
        <translation>（保密工单）</translation>
    </message>
</context>
<context>
    <name>MyCasesPanel</name>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="100"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="101"/>
        <source>Search number or summary</source>
        <translation>搜索工单号或摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="102"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="180"/>
        <source>Your cases could not be read; try Refresh</source>
        <translation>无法读取您的工单，请点“刷新”重试</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="182"/>
        <source>Counting your cases…</source>
        <translation>正在统计您的工单…</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="184"/>
        <source>{count} of your cases match</source>
        <translation>您的工单中符合条件的共 {count} 件</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="186"/>
        <source>{count} case(s) you registered</source>
        <translation>您受理的工单共 {count} 件</translation>
    </message>
</context>
<context>
    <name>PlaceholderPanel</name>
    <message>
        <location filename="../../app/views/placeholder_panel.py" line="23"/>
        <source>{what}: not built yet. This tab&apos;s content arrives with the closing-the-loop work (dispatch follow-up, callbacks, queues).</source>
        <translation>{what}：尚未开发。本页内容将随闭环办理功能（派单跟踪、回访、队列）提供。</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../app/views/queue_model.py" line="33"/>
        <source>No.</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="34"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="35"/>
        <source>Due</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="36"/>
        <source>Unit</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="37"/>
        <source>Summary</source>
        <translation>诉求摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="38"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="39"/>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="178"/>
        <source>key issue</source>
        <translation>重点</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="180"/>
        <source>redo ×{n}</source>
        <translation>重办×{n}</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="182"/>
        <source>unsatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="184"/>
        <source>enterprise</source>
        <translation>企业</translation>
    </message>
</context>
<context>
    <name>QueueTable</name>
    <message>
        <location filename="../../app/views/queue_table.py" line="104"/>
        <source>Search number or summary</source>
        <translation>搜索工单号或摘要</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_table.py" line="105"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_table.py" line="112"/>
        <location filename="../../app/views/queue_table.py" line="177"/>
        <source>{count} case(s)</source>
        <translation>{count} 件工单</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../app/views/shortcuts.py" line="63"/>
        <source>New intake</source>
        <translation>新建受理</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="64"/>
        <source>Save the intake (register)</source>
        <translation>保存受理（登记）</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="65"/>
        <source>Answered on call: close case</source>
        <translation>直接办结</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="66"/>
        <source>Dispatch to the lead unit</source>
        <translation>派单至主办单位</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="67"/>
        <source>Emergency transfer</source>
        <translation>即时转办</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="68"/>
        <source>Link call to the selected match</source>
        <translation>并单到所选匹配工单</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="69"/>
        <source>Search knowledge</source>
        <translation>搜索知识库</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="70"/>
        <source>Copy the answer script</source>
        <translation>复制答复口径</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="71"/>
        <source>Cite the article in the current case</source>
        <translation>将知识条目引用到当前工单</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="72"/>
        <source>Lock the seat</source>
        <translation>锁定坐席</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="73"/>
        <source>Show this list</source>
        <translation>显示本列表</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../app/views/shortcuts.py" line="81"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="83"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="83"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>SupervisorPanel</name>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="59"/>
        <source>Open cases</source>
        <translation>在办工单</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="60"/>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="61"/>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="62"/>
        <source>Awaiting callback</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="63"/>
        <source>Unsatisfied and redo</source>
        <translation>不满意与重办</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="66"/>
        <source>Repeat callers</source>
        <translation>重复来电</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="67"/>
        <source>Key issues</source>
        <translation>重点事项</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="68"/>
        <source>Returns and extensions</source>
        <translation>退单与延期审核</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="71"/>
        <source>Enterprise lane</source>
        <translation>企业诉求</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="72"/>
        <source>All cases</source>
        <translation>全部工单</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="191"/>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="192"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="193"/>
        <source>Review (works offline)</source>
        <translation>审核（可离线）</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="194"/>
        <source>Text / reason / leader</source>
        <translation>内容／理由／领导</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="195"/>
        <source>Unit code</source>
        <translation>单位编码</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="196"/>
        <source>New due date</source>
        <translation>新的办结时限</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="198"/>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="199"/>
        <source>Leader&apos;s instruction</source>
        <translation>领导批示</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="200"/>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="201"/>
        <source>Mark key issue</source>
        <translation>标为重点</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="202"/>
        <source>Approve return</source>
        <translation>同意退回</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="203"/>
        <source>Refuse return</source>
        <translation>不同意退回</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="204"/>
        <source>Approve extension</source>
        <translation>同意延期</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="205"/>
        <source>Refuse extension</source>
        <translation>不同意延期</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="289"/>
        <source>Saved; it will sync when online</source>
        <translation>已保存，联网后自动同步</translation>
    </message>
</context>
<context>
    <name>SyncDetailsDialog</name>
    <message>
        <location filename="../../app/views/sync_details.py" line="92"/>
        <source>Sync details</source>
        <translation>同步详情</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="95"/>
        <source>Case</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="96"/>
        <source>Change</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="97"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="98"/>
        <source>Made at</source>
        <translation>操作时间</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="99"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="100"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="105"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="106"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="107"/>
        <source>Sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="108"/>
        <source>Received</source>
        <translation>收到</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="109"/>
        <location filename="../../app/views/sync_details.py" line="152"/>
        <source>Set aside</source>
        <translation>搁置</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="110"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="111"/>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="114"/>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="116"/>
        <source>Put the selected change back in line, once its cause is fixed</source>
        <translation>原因排除后，把选中的操作重新排入发送队列</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="118"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="141"/>
        <source>{waiting} change(s) waiting to be sent, {parked} set aside</source>
        <translation>待发送 {waiting} 项，已搁置 {parked} 项</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="148"/>
        <source>Set aside after {attempts} attempt(s)</source>
        <translation>尝试 {attempts} 次后搁置</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="154"/>
        <source>Waiting</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="190"/>
        <source>Back in line; it goes with the next sync.</source>
        <translation>已重新排队，将随下次同步发送。</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="200"/>
        <source>The local cache is busy or unreadable ({error}); try again</source>
        <translation>本地数据库忙或无法读取（{error}），请稍后重试</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="214"/>
        <source>Sync history of this session ({count})</source>
        <translation>本次登录的同步记录（{count}）</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="219"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="220"/>
        <source>Server unreachable</source>
        <translation>无法连接服务器</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="221"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="222"/>
        <source>Syncing</source>
        <translation>同步中</translation>
    </message>
</context>
</TS>
