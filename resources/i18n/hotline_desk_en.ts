<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AreaPicker</name>
    <message>
        <location filename="../../app/views/area_picker.py" line="39"/>
        <location filename="../../app/views/area_picker.py" line="54"/>
        <location filename="../../app/views/area_picker.py" line="68"/>
        <source>(not chosen)</source>
        <translation>(not chosen)</translation>
    </message>
    <message>
        <location filename="../../app/views/area_picker.py" line="55"/>
        <source>{name} (no longer valid)</source>
        <translation>{name} (no longer valid)</translation>
    </message>
</context>
<context>
    <name>CallbackChecklist</name>
    <message>
        <location filename="../../app/views/callback_checklist.py" line="88"/>
        <location filename="../../app/views/callback_checklist.py" line="118"/>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_checklist.py" line="89"/>
        <location filename="../../app/views/callback_checklist.py" line="119"/>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>CallbackPanel</name>
    <message>
        <location filename="../../app/views/callback_panel.py" line="119"/>
        <source>Callback</source>
        <translation>Callback</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="120"/>
        <source>Note on this attempt</source>
        <translation>Note on this attempt</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="121"/>
        <source>Not reached</source>
        <translation>Not reached</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="122"/>
        <source>Reached</source>
        <translation>Reached</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="123"/>
        <source>Record unreachable</source>
        <translation>Record unreachable</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="124"/>
        <source>Reason for redo</source>
        <translation>Reason for redo</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="125"/>
        <source>Redo</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="126"/>
        <source>Close case</source>
        <translation>Close case</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="183"/>
        <source>reached</source>
        <translation>reached</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="183"/>
        <source>not reached</source>
        <translation>not reached</translation>
    </message>
    <message>
        <location filename="../../app/views/callback_panel.py" line="223"/>
        <source>Saved; it will sync when online</source>
        <translation>Saved; it will sync when online</translation>
    </message>
</context>
<context>
    <name>CallerHistoryPanel</name>
    <message>
        <location filename="../../app/views/caller_history_panel.py" line="45"/>
        <source>Caller history</source>
        <translation>Caller history</translation>
    </message>
    <message>
        <location filename="../../app/views/caller_history_panel.py" line="94"/>
        <source>No caller number yet.</source>
        <translation>No caller number yet.</translation>
    </message>
    <message>
        <location filename="../../app/views/caller_history_panel.py" line="98"/>
        <source>{number}: {open} open case(s), {earlier} case(s) in total, {calls} call(s) in the last 30 days</source>
        <translation>{number}: {open} open case(s), {earlier} case(s) in total, {calls} call(s) in the last 30 days</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <location filename="../../app/views/case_detail.py" line="143"/>
        <source>Show number (logged)</source>
        <translation>Show number (logged)</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="145"/>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="145"/>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="149"/>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="150"/>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="151"/>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="41"/>
        <location filename="../../app/views/case_detail.py" line="152"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="39"/>
        <source>Official number</source>
        <translation>Official number</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="40"/>
        <source>Provisional number</source>
        <translation>Provisional number</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="42"/>
        <source>Request type</source>
        <translation>Request type</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="43"/>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="44"/>
        <source>Urgency</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="45"/>
        <source>Requester</source>
        <translation>Requester</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="46"/>
        <source>Enterprise</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="47"/>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="48"/>
        <source>Narrative</source>
        <translation>Narrative</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="49"/>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="50"/>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="51"/>
        <source>Lead unit</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="52"/>
        <source>Accept by</source>
        <translation>Accept by</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="53"/>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="54"/>
        <source>Redo count</source>
        <translation>Redo count</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="55"/>
        <source>Key issue</source>
        <translation>Key issue</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="56"/>
        <source>Overseeing leader</source>
        <translation>Overseeing leader</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="57"/>
        <source>Resolution</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="58"/>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="59"/>
        <source>Holder</source>
        <translation>Holder</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="60"/>
        <source>Registered by</source>
        <translation>Registered by</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="61"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="74"/>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="75"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="76"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="77"/>
        <source>Callback attempt</source>
        <translation>Callback attempt</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="78"/>
        <source>Checklist answer</source>
        <translation>Checklist answer</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="153"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../app/views/case_detail.py" line="193"/>
        <location filename="../../app/views/case_detail.py" line="240"/>
        <source>Caller: {number}</source>
        <translation>Caller: {number}</translation>
    </message>
</context>
<context>
    <name>CategoryPicker</name>
    <message>
        <location filename="../../app/views/category_picker.py" line="171"/>
        <source>Search category: Chinese, code or pinyin initials (e.g. sb)</source>
        <translation>Search category: Chinese, code or pinyin initials (e.g. sb)</translation>
    </message>
</context>
<context>
    <name>ChangeLabel</name>
    <message>
        <location filename="../../app/views/change_labels.py" line="17"/>
        <source>New case</source>
        <translation>New case</translation>
    </message>
    <message>
        <location filename="../../app/views/change_labels.py" line="18"/>
        <source>Case fields edited</source>
        <translation>Case fields edited</translation>
    </message>
    <message>
        <location filename="../../app/views/change_labels.py" line="19"/>
        <source>Article flagged as outdated</source>
        <translation>Article flagged as outdated</translation>
    </message>
</context>
<context>
    <name>ConflictInbox</name>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="81"/>
        <location filename="../../app/views/conflict_inbox.py" line="94"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="82"/>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="83"/>
        <source>This desk&apos;s value</source>
        <translation>This desk&apos;s value</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="84"/>
        <source>Server&apos;s value</source>
        <translation>Server&apos;s value</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="87"/>
        <source>Keep this desk&apos;s value</source>
        <translation>Keep this desk&apos;s value</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="88"/>
        <source>Keep the server&apos;s value</source>
        <translation>Keep the server&apos;s value</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="90"/>
        <location filename="../../app/views/conflict_inbox.py" line="135"/>
        <source>{count} conflict(s) to decide</source>
        <translation>{count} conflict(s) to decide</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="95"/>
        <source>Refused change</source>
        <translation>Refused change</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="96"/>
        <source>What was sent</source>
        <translation>What was sent</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="97"/>
        <source>Server&apos;s reason</source>
        <translation>Server&apos;s reason</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="101"/>
        <location filename="../../app/views/conflict_inbox.py" line="155"/>
        <source>{count} change(s) refused by the server</source>
        <translation>{count} change(s) refused by the server</translation>
    </message>
    <message>
        <location filename="../../app/views/conflict_inbox.py" line="105"/>
        <source>Mark as read</source>
        <translation>Mark as read</translation>
    </message>
</context>
<context>
    <name>DashboardPanel</name>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="178"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="179"/>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="180"/>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="181"/>
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="189"/>
        <source>All callers</source>
        <translation>All callers</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="190"/>
        <source>Enterprise lane</source>
        <translation>Enterprise lane</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="193"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="194"/>
        <source>Export figures (CSV)</source>
        <translation>Export figures (CSV)</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="195"/>
        <source>Export charts (PNG)</source>
        <translation>Export charts (PNG)</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="197"/>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="198"/>
        <source>On-time completion</source>
        <translation>On-time completion</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="199"/>
        <source>Callback rate</source>
        <translation>Callback rate</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="200"/>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="201"/>
        <source>Direct resolution</source>
        <translation>Direct resolution</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="206"/>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="207"/>
        <source>Community</source>
        <translation>Community</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="208"/>
        <source>This week</source>
        <translation>This week</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="209"/>
        <source>Last week</source>
        <translation>Last week</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="240"/>
        <source>Computing…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="257"/>
        <source>{first} to {last}</source>
        <translation>{first} to {last}</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="268"/>
        <source>Figures unavailable: {error}</source>
        <translation>Figures unavailable: {error}</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="294"/>
        <source>Cases by day</source>
        <translation>Cases by day</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="301"/>
        <source>Cases by hour</source>
        <translation>Cases by hour</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="308"/>
        <source>Cases by request type</source>
        <translation>Cases by request type</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="315"/>
        <source>Top categories</source>
        <translation>Top categories</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="325"/>
        <source>No hotspot in the last {days} days. A hotspot is one category in one community with at least {minimum} cases in {days} days and {ratio} times the {days} days before.</source>
        <translation>No hotspot in the last {days} days. A hotspot is one category in one community with at least {minimum} cases in {days} days and {ratio} times the {days} days before.</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="364"/>
        <source>Export figures</source>
        <translation>Export figures</translation>
    </message>
    <message>
        <location filename="../../app/views/dashboard_panel.py" line="371"/>
        <source>Export charts</source>
        <translation>Export charts</translation>
    </message>
</context>
<context>
    <name>DisputesPanel</name>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="150"/>
        <source>Load returns</source>
        <translation>Load returns</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="151"/>
        <source>Agenda (CSV)</source>
        <translation>Agenda (CSV)</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="152"/>
        <source>Agenda (PDF)</source>
        <translation>Agenda (PDF)</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="156"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="157"/>
        <source>Month</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="158"/>
        <source>Returning unit</source>
        <translation>Returning unit</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="159"/>
        <source>Re-dispatched to</source>
        <translation>Re-dispatched to</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="160"/>
        <source>Returns</source>
        <translation>Returns</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="161"/>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="162"/>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="163"/>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="164"/>
        <source>Categories</source>
        <translation>Categories</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="165"/>
        <source>Areas</source>
        <translation>Areas</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="166"/>
        <source>Reasons</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="167"/>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="170"/>
        <source>Record decision as dispatch rule</source>
        <translation>Record decision as dispatch rule</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="174"/>
        <source>Category code (prefix)</source>
        <translation>Category code (prefix)</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="175"/>
        <source>Area code (prefix, may be empty)</source>
        <translation>Area code (prefix, may be empty)</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="176"/>
        <source>Lead unit code</source>
        <translation>Lead unit code</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="177"/>
        <source>Co-unit codes (separated by ;)</source>
        <translation>Co-unit codes (separated by ;)</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="178"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="249"/>
        <source>Choose a dispute first</source>
        <translation>Choose a dispute first</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="281"/>
        <source>Disputes meeting agenda</source>
        <translation>Disputes meeting agenda</translation>
    </message>
    <message>
        <location filename="../../app/views/disputes_panel.py" line="286"/>
        <location filename="../../app/views/disputes_panel.py" line="294"/>
        <source>Export agenda</source>
        <translation>Export agenda</translation>
    </message>
</context>
<context>
    <name>HandlerPanel</name>
    <message>
        <location filename="../../app/views/handler_panel.py" line="49"/>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="50"/>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="51"/>
        <source>Text message</source>
        <translation>Text message</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="52"/>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="141"/>
        <source>Handle the case</source>
        <translation>Handle the case</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="142"/>
        <source>Accept</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="143"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="144"/>
        <source>Return (not ours)</source>
        <translation>Return (not ours)</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="145"/>
        <source>Request extension</source>
        <translation>Request extension</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="146"/>
        <source>New due date</source>
        <translation>New due date</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="147"/>
        <source>Contacted the caller</source>
        <translation>Contacted the caller</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="148"/>
        <source>What was agreed</source>
        <translation>What was agreed</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="149"/>
        <source>Record contact</source>
        <translation>Record contact</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="150"/>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="151"/>
        <source>Reply</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="158"/>
        <source>Select a case in the queue</source>
        <translation>Select a case in the queue</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="195"/>
        <source>Case {number}</source>
        <translation>Case {number}</translation>
    </message>
    <message>
        <location filename="../../app/views/handler_panel.py" line="250"/>
        <source>Saved; it will sync when online</source>
        <translation>Saved; it will sync when online</translation>
    </message>
</context>
<context>
    <name>HandlingPanel</name>
    <message>
        <location filename="../../app/views/handling_panel.py" line="120"/>
        <source>Answer on call</source>
        <translation>Answer on call</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="121"/>
        <location filename="../../app/views/handling_panel.py" line="139"/>
        <source>Dispatch</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="122"/>
        <source>Emergency transfer</source>
        <translation>Emergency transfer</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="123"/>
        <source>Invalid</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="128"/>
        <source>Cite the knowledge article(s) you answered from, then close.</source>
        <translation>Cite the knowledge article(s) you answered from, then close.</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="130"/>
        <source>Answered on call: close case</source>
        <translation>Answered on call: close case</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="132"/>
        <source>Lead unit</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="133"/>
        <source>Suggestion</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="134"/>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="135"/>
        <source>Instruction</source>
        <translation>Instruction</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="142"/>
        <source>110 police</source>
        <translation>110 police</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="143"/>
        <source>119 fire</source>
        <translation>119 fire</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="144"/>
        <source>120 ambulance</source>
        <translation>120 ambulance</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="145"/>
        <source>122 traffic accident</source>
        <translation>122 traffic accident</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="149"/>
        <source>What was handed over</source>
        <translation>What was handed over</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="150"/>
        <source>Transfer now</source>
        <translation>Transfer now</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="152"/>
        <source>Reason (silent call, harassment, wrong number …)</source>
        <translation>Reason (silent call, harassment, wrong number …)</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="154"/>
        <source>Mark invalid</source>
        <translation>Mark invalid</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="155"/>
        <source>Dispatch instruction</source>
        <translation>Dispatch instruction</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="172"/>
        <source>{name} (no longer valid)</source>
        <translation>{name} (no longer valid)</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="184"/>
        <source>No catalogue rule for this category and area: choose the unit.</source>
        <translation>No catalogue rule for this category and area: choose the unit.</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="196"/>
        <source>Catalogue: lead {lead}; co-units {co}</source>
        <translation>Catalogue: lead {lead}; co-units {co}</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="219"/>
        <source>Choose a category to see the deadline.</source>
        <translation>Choose a category to see the deadline.</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="227"/>
        <source>Finish by {finish} (accept by {accept}). {why}</source>
        <translation>Finish by {finish} (accept by {accept}). {why}</translation>
    </message>
    <message>
        <location filename="../../app/views/handling_panel.py" line="239"/>
        <source>(holiday calendar not confirmed for that year)</source>
        <translation>(holiday calendar not confirmed for that year)</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <location filename="../../app/views/intake_form.py" line="170"/>
        <source>Caller number</source>
        <translation>Caller number</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="171"/>
        <source>Callback number</source>
        <translation>Callback number</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="172"/>
        <source>Caller name</source>
        <translation>Caller name</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="173"/>
        <source>Requester</source>
        <translation>Requester</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="174"/>
        <source>Enterprise name</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="175"/>
        <source>Credit code</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="176"/>
        <source>Request type</source>
        <translation>Request type</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="177"/>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="178"/>
        <source>Chosen</source>
        <translation>Chosen</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="179"/>
        <source>Narrative</source>
        <translation>Narrative</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="180"/>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="181"/>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="182"/>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="183"/>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="187"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="188"/>
        <source>Enterprise</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="189"/>
        <source>Confidential (mask the caller)</source>
        <translation>Confidential (mask the caller)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="190"/>
        <source>Urgency</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="191"/>
        <source>18 characters, checked as typed</source>
        <translation>18 characters, checked as typed</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="192"/>
        <source>Separate tags with commas</source>
        <translation>Separate tags with commas</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="193"/>
        <source>Leave empty if the same</source>
        <translation>Leave empty if the same</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="265"/>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_form.py" line="269"/>
        <source>{category} (no longer valid)</source>
        <translation>{category} (no longer valid)</translation>
    </message>
</context>
<context>
    <name>IntakePanel</name>
    <message>
        <location filename="../../app/views/intake_panel.py" line="141"/>
        <source>New intake (F2)</source>
        <translation>New intake (F2)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="142"/>
        <source>Save (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="200"/>
        <source>New intake</source>
        <translation>New intake</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="217"/>
        <source>Draft restored after an interrupted session</source>
        <translation>Draft restored after an interrupted session</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="345"/>
        <location filename="../../app/views/intake_panel.py" line="402"/>
        <source>Not saved: {why}</source>
        <translation>Not saved: {why}</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="351"/>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../app/views/intake_panel.py" line="390"/>
        <source>Saved: {number} ({status})</source>
        <translation>Saved: {number} ({status})</translation>
    </message>
</context>
<context>
    <name>ItemModels</name>
    <message>
        <location filename="../../app/views/item_models.py" line="111"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="113"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="117"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="120"/>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="140"/>
        <source>Why it matched</source>
        <translation>Why it matched</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="153"/>
        <source>Article</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="156"/>
        <source>Excerpt</source>
        <translation>Excerpt</translation>
    </message>
    <message>
        <location filename="../../app/views/item_models.py" line="177"/>
        <source>(expired)</source>
        <translation>(expired)</translation>
    </message>
</context>
<context>
    <name>KnowledgePanel</name>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="158"/>
        <source>Search knowledge: 社保, 公积金, gjj … (F3 / Ctrl+K)</source>
        <translation>Search knowledge: 社保, 公积金, gjj … (F3 / Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="160"/>
        <source>Valid only</source>
        <translation>Valid only</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="161"/>
        <source>Answer script</source>
        <translation>Answer script</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="162"/>
        <source>Copy answer script</source>
        <translation>Copy answer script</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="163"/>
        <source>Cite in current case</source>
        <translation>Cite in current case</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="164"/>
        <source>Flag as outdated</source>
        <translation>Flag as outdated</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="166"/>
        <source>Why is it outdated? (optional)</source>
        <translation>Why is it outdated? (optional)</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="172"/>
        <location filename="../../app/views/knowledge_panel.py" line="191"/>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="174"/>
        <location filename="../../app/views/knowledge_panel.py" line="197"/>
        <source>All departments</source>
        <translation>All departments</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="188"/>
        <source>{name} (no longer valid)</source>
        <translation>{name} (no longer valid)</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="222"/>
        <source>{count} article(s)</source>
        <translation>{count} article(s)</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="255"/>
        <source>Choose an article</source>
        <translation>Choose an article</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="264"/>
        <source>EXPIRED on {date}: do not answer from this article</source>
        <translation>EXPIRED on {date}: do not answer from this article</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="271"/>
        <source>Valid until {date}</source>
        <translation>Valid until {date}</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_panel.py" line="345"/>
        <source>The flag could not be saved</source>
        <translation>The flag could not be saved</translation>
    </message>
</context>
<context>
    <name>KnowledgeSidePanel</name>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="71"/>
        <source>Knowledge suggestions</source>
        <translation>Knowledge suggestions</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="72"/>
        <source>Cite in case</source>
        <translation>Cite in case</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="73"/>
        <source>Open article</source>
        <translation>Open article</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="137"/>
        <source>No article cited yet.</source>
        <translation>No article cited yet.</translation>
    </message>
    <message>
        <location filename="../../app/views/knowledge_side_panel.py" line="140"/>
        <source>Cited: {titles}</source>
        <translation>Cited: {titles}</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../app/views/idle_lock.py" line="74"/>
        <source>Seat locked. Enter your password to go on.</source>
        <translation>Seat locked. Enter your password to go on.</translation>
    </message>
    <message>
        <location filename="../../app/views/idle_lock.py" line="75"/>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../app/views/idle_lock.py" line="112"/>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../app/views/idle_lock.py" line="129"/>
        <source>Wrong password.</source>
        <translation>Wrong password.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/views/login_dialog.py" line="98"/>
        <source>Hotline Desk: log in</source>
        <translation>Hotline Desk: log in</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="101"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="101"/>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="101"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="110"/>
        <source>Logging in…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <location filename="../../app/views/login_dialog.py" line="132"/>
        <source>Login failed.</source>
        <translation>Login failed.</translation>
    </message>
</context>
<context>
    <name>LoginNeededButton</name>
    <message>
        <location filename="../../app/views/desk_sync.py" line="121"/>
        <source>Sync needs a new login</source>
        <translation>Sync needs a new login</translation>
    </message>
    <message>
        <location filename="../../app/views/desk_sync.py" line="122"/>
        <source>Log in…</source>
        <translation>Log in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/views/main_window.py" line="239"/>
        <source>Hotline Desk 12345</source>
        <translation>Hotline Desk 12345</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="242"/>
        <source>Intake</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="243"/>
        <source>Knowledge</source>
        <translation>Knowledge</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="244"/>
        <source>My cases</source>
        <translation>My cases</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="245"/>
        <source>Callbacks</source>
        <translation>Callbacks</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="246"/>
        <source>Queues</source>
        <translation>Queues</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="247"/>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="248"/>
        <source>Disputes</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="252"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="253"/>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="254"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="256"/>
        <source>Operator: {name}</source>
        <translation>Operator: {name}</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="259"/>
        <source>Sync: not connected yet</source>
        <translation>Sync: not connected yet</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="294"/>
        <source>Logged in offline: the server cannot be reached</source>
        <translation>Logged in offline: the server cannot be reached</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="361"/>
        <source>Case {number} saved</source>
        <translation>Case {number} saved</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="377"/>
        <source>{count} sync conflicts need a decision (Queues tab)</source>
        <translation>{count} sync conflicts need a decision (Queues tab)</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="393"/>
        <source>Article flagged as outdated</source>
        <translation>Article flagged as outdated</translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="408"/>
        <source>Background task failed: {name}</source>
        <translation>Background task failed: {name}</translation>
    </message>
</context>
<context>
    <name>MatchesPanel</name>
    <message>
        <location filename="../../app/views/matches_panel.py" line="71"/>
        <source>Possible duplicates and repeat calls</source>
        <translation>Possible duplicates and repeat calls</translation>
    </message>
    <message>
        <location filename="../../app/views/matches_panel.py" line="72"/>
        <source>Link call to case (并单)</source>
        <translation>Link call to case (并单)</translation>
    </message>
    <message>
        <location filename="../../app/views/matches_panel.py" line="73"/>
        <source>Undo link</source>
        <translation>Undo link</translation>
    </message>
    <message>
        <location filename="../../app/views/matches_panel.py" line="133"/>
        <source>This call is a new case.</source>
        <translation>This call is a new case.</translation>
    </message>
    <message>
        <location filename="../../app/views/matches_panel.py" line="136"/>
        <source>Linked to case {number}: saving adds this call to it.</source>
        <translation>Linked to case {number}: saving adds this call to it.</translation>
    </message>
</context>
<context>
    <name>MyCasesModel</name>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="40"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="41"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="42"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="43"/>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="44"/>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="45"/>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_model.py" line="198"/>
        <source>(confidential)</source>
        <translation>(confidential)</translation>
    </message>
</context>
<context>
    <name>MyCasesPanel</name>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="100"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="101"/>
        <source>Search number or summary</source>
        <translation>Search number or summary</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="102"/>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="180"/>
        <source>Your cases could not be read; try Refresh</source>
        <translation>Your cases could not be read; try Refresh</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="182"/>
        <source>Counting your cases…</source>
        <translation>Counting your cases…</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="184"/>
        <source>{count} of your cases match</source>
        <translation>{count} of your cases match</translation>
    </message>
    <message>
        <location filename="../../app/views/my_cases_panel.py" line="186"/>
        <source>{count} case(s) you registered</source>
        <translation>{count} case(s) you registered</translation>
    </message>
</context>
<context>
    <name>PlaceholderPanel</name>
    <message>
        <location filename="../../app/views/placeholder_panel.py" line="23"/>
        <source>{what}: not built yet. This tab&apos;s content arrives with the closing-the-loop work (dispatch follow-up, callbacks, queues).</source>
        <translation>{what}: not built yet. This tab&apos;s content arrives with the closing-the-loop work (dispatch follow-up, callbacks, queues).</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../app/views/queue_model.py" line="33"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="34"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="35"/>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="36"/>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="37"/>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="38"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="39"/>
        <source>Flags</source>
        <translation>Flags</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="178"/>
        <source>key issue</source>
        <translation>key issue</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="180"/>
        <source>redo ×{n}</source>
        <translation>redo ×{n}</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="182"/>
        <source>unsatisfied</source>
        <translation>unsatisfied</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_model.py" line="184"/>
        <source>enterprise</source>
        <translation>enterprise</translation>
    </message>
</context>
<context>
    <name>QueueTable</name>
    <message>
        <location filename="../../app/views/queue_table.py" line="104"/>
        <source>Search number or summary</source>
        <translation>Search number or summary</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_table.py" line="105"/>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../app/views/queue_table.py" line="112"/>
        <location filename="../../app/views/queue_table.py" line="177"/>
        <source>{count} case(s)</source>
        <translation>{count} case(s)</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../app/views/shortcuts.py" line="63"/>
        <source>New intake</source>
        <translation>New intake</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="64"/>
        <source>Save the intake (register)</source>
        <translation>Save the intake (register)</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="65"/>
        <source>Answered on call: close case</source>
        <translation>Answered on call: close case</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="66"/>
        <source>Dispatch to the lead unit</source>
        <translation>Dispatch to the lead unit</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="67"/>
        <source>Emergency transfer</source>
        <translation>Emergency transfer</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="68"/>
        <source>Link call to the selected match</source>
        <translation>Link call to the selected match</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="69"/>
        <source>Search knowledge</source>
        <translation>Search knowledge</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="70"/>
        <source>Copy the answer script</source>
        <translation>Copy the answer script</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="71"/>
        <source>Cite the article in the current case</source>
        <translation>Cite the article in the current case</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="72"/>
        <source>Lock the seat</source>
        <translation>Lock the seat</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="73"/>
        <source>Show this list</source>
        <translation>Show this list</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../app/views/shortcuts.py" line="81"/>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="83"/>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location filename="../../app/views/shortcuts.py" line="83"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
</context>
<context>
    <name>SupervisorPanel</name>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="59"/>
        <source>Open cases</source>
        <translation>Open cases</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="60"/>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="61"/>
        <source>Due soon</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="62"/>
        <source>Awaiting callback</source>
        <translation>Awaiting callback</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="63"/>
        <source>Unsatisfied and redo</source>
        <translation>Unsatisfied and redo</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="66"/>
        <source>Repeat callers</source>
        <translation>Repeat callers</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="67"/>
        <source>Key issues</source>
        <translation>Key issues</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="68"/>
        <source>Returns and extensions</source>
        <translation>Returns and extensions</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="71"/>
        <source>Enterprise lane</source>
        <translation>Enterprise lane</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="72"/>
        <source>All cases</source>
        <translation>All cases</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="191"/>
        <source>Queues</source>
        <translation>Queues</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="192"/>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="193"/>
        <source>Review (works offline)</source>
        <translation>Review (works offline)</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="194"/>
        <source>Text / reason / leader</source>
        <translation>Text / reason / leader</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="195"/>
        <source>Unit code</source>
        <translation>Unit code</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="196"/>
        <source>New due date</source>
        <translation>New due date</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="198"/>
        <source>Add note</source>
        <translation>Add note</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="199"/>
        <source>Leader&apos;s instruction</source>
        <translation>Leader&apos;s instruction</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="200"/>
        <source>Reassign</source>
        <translation>Reassign</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="201"/>
        <source>Mark key issue</source>
        <translation>Mark key issue</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="202"/>
        <source>Approve return</source>
        <translation>Approve return</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="203"/>
        <source>Refuse return</source>
        <translation>Refuse return</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="204"/>
        <source>Approve extension</source>
        <translation>Approve extension</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="205"/>
        <source>Refuse extension</source>
        <translation>Refuse extension</translation>
    </message>
    <message>
        <location filename="../../app/views/supervisor_panel.py" line="289"/>
        <source>Saved; it will sync when online</source>
        <translation>Saved; it will sync when online</translation>
    </message>
</context>
<context>
    <name>SyncDetailsDialog</name>
    <message>
        <location filename="../../app/views/sync_details.py" line="92"/>
        <source>Sync details</source>
        <translation>Sync details</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="95"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="96"/>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="97"/>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="98"/>
        <source>Made at</source>
        <translation>Made at</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="99"/>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="100"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="105"/>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="106"/>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="107"/>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="108"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="109"/>
        <location filename="../../app/views/sync_details.py" line="152"/>
        <source>Set aside</source>
        <translation>Set aside</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="110"/>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="111"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="114"/>
        <source>Send again</source>
        <translation>Send again</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="116"/>
        <source>Put the selected change back in line, once its cause is fixed</source>
        <translation>Put the selected change back in line, once its cause is fixed</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="118"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="141"/>
        <source>{waiting} change(s) waiting to be sent, {parked} set aside</source>
        <translation>{waiting} change(s) waiting to be sent, {parked} set aside</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="148"/>
        <source>Set aside after {attempts} attempt(s)</source>
        <translation>Set aside after {attempts} attempt(s)</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="154"/>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="190"/>
        <source>Back in line; it goes with the next sync.</source>
        <translation>Back in line; it goes with the next sync.</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="200"/>
        <source>The local cache is busy or unreadable ({error}); try again</source>
        <translation>The local cache is busy or unreadable ({error}); try again</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="214"/>
        <source>Sync history of this session ({count})</source>
        <translation>Sync history of this session ({count})</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="219"/>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="220"/>
        <source>Server unreachable</source>
        <translation>Server unreachable</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="221"/>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../app/views/sync_details.py" line="222"/>
        <source>Syncing</source>
        <translation>Syncing</translation>
    </message>
</context>
</TS>
