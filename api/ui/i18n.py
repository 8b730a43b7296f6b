"""The console's words, in Chinese (the default) and English.

Every visible string of the console comes from ``TEXT`` (key → Chinese, English) or from the
domain's own bilingual labels (enum members' ``zh`` / ``en``, clause titles). Field labels are
keyed by the domain's field names, so an error the domain names by field lands beside that field
with the field's label in the page's language (``errors.py`` translates the messages).
"""

from __future__ import annotations

from typing import Any

from ledger.domain.clauses import CLAUSES
from ledger.domain.glossary import field_label
from ledger.domain.messages import Message
from ledger.domain.enums import Labelled

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

TEXT: dict[str, tuple[str, str]] = {
    # frame
    "app": ("交流轮岗台账", "Rotation Ledger"),
    "skip": ("跳到正文", "Skip to content"),
    "nav": ("主导航", "Main navigation"),
    "nav.teachers": ("教师", "Teachers"),
    "nav.schools": ("学校", "Schools"),
    "nav.due": ("应交流名单", "Due list"),
    "nav.quotas": ("交流比例", "Quotas"),
    "nav.audit": ("审计", "Audit"),
    "nav.rules": ("政策条款", "Rulebook"),
    "signed_in_as": ("当前用户", "Signed in as"),
    "sign_out": ("退出", "Sign out"),
    "role.admin": ("管理员", "administrator"),
    "role.auditor": ("审计员", "auditor"),
    "role.hr": ("人事系统", "HR reader"),
    "show": ("显示", "Show"),
    "none": ("无", "none"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "open_ended": ("至今", "ongoing"),
    "more": ("下一页", "Next page"),
    "print": ("打印", "Print"),
    "back": ("返回", "Back"),
    # sign-in
    "signin.title": ("登录", "Sign in"),
    "signin.key": ("访问密钥", "Access key"),
    "signin.key_help": ("由 ledger keys create 生成, 以 rlk_ 开头", "From ledger keys create; starts with rlk_"),
    "signin.submit": ("登录", "Sign in"),
    "signin.bad_key": ("访问密钥无效或已撤销", "The access key is unknown or revoked"),
    # errors
    "error.title": ("出错了", "Something went wrong"),
    "error.404": ("未找到", "Not found"),
    "error.403": ("当前角色无权进行此操作", "Your role may not do this"),
    "error.409": ("与已记录的内容冲突", "Conflicts with what is recorded"),
    "error.422": ("输入有误", "Invalid input"),
    "error.form": ("未能保存, 请修改标出的内容", "Not recorded: please correct the marked fields"),
    "error.rule": ("违反政策条款", "Breaks a rule"),
    "error.csrf": ("表单已过期, 请重新提交", "The form expired; please submit it again"),
    # teachers
    "teachers.title": ("查找教师", "Find a teacher"),
    "teachers.q": ("姓名或编号", "Name or id"),
    "teachers.search": ("查找", "Search"),
    "teachers.none": ("没有找到教师", "No teacher found"),
    "teacher.profile": ("基本信息", "Profile"),
    "teacher.id": ("教师编号", "Teacher id"),
    "teacher.name": ("姓名", "Name"),
    "teacher.status": ("状态", "Status"),
    "teacher.home": ("人事关系所在学校", "Home school"),
    "teacher.serving": ("任教学校", "Serving at"),
    "teacher.title_held": ("职称", "Title"),
    "teacher.backbone": ("骨干教师", "Backbone"),
    "teacher.exemptions": ("有效暂缓", "Active exemptions"),
    "teacher.timeline": ("任教经历", "Where they served"),
    "teacher.timeline_desc": ("按年份显示所属学校和任教学校; 村小、教学点和乡村学校已标出",
                              "Schools belonged to and served at, by year; village, teaching-point and rural schools marked"),
    "teacher.records": ("全部记录", "Every record"),
    "teacher.actions": ("记录操作", "Record"),
    "teacher.service_records": ("任职经历证明", "Service records"),
    "status.at_home": ("在原学校", "at home school"),
    "status.on_posting": ("交流中", "on a posting"),
    "status.departed": ("已离岗", "left"),
    "period.home": ("所属学校", "home school"),
    "period.hosted": ("交流学校", "hosted"),
    "period.itinerant": ("走教学校", "itinerant"),
    "mark.village": ("村小/教学点", "village school / teaching point"),
    "mark.rural": ("乡村学校", "rural school"),
    "travel.title": ("时间回溯", "Time travel"),
    "travel.as_of": ("截至日期 (当日情况)", "As of (what was true on that day)"),
    "travel.known_at": ("当时所知 (记录时刻, UTC)", "Known at (what the ledger said then, UTC)"),
    "travel.help_as_of": ("YYYY-MM-DD, 留空为今天", "YYYY-MM-DD; empty for today"),
    "travel.help_known_at": ("例如 2026-09-01T08:00:00Z, 留空为现在", "e.g. 2026-09-01T08:00:00Z; empty for now"),
    "travel.apply": ("重新显示", "Redraw"),
    "travel.reset": ("回到现在", "Back to now"),
    "travel.showing_known": ("显示的是台账在此时刻所记载的内容", "Showing what the ledger said at"),
    "travel.showing_as_of": ("显示截至此日已生效的内容", "Showing what had taken effect by"),
    "col.effective": ("生效日期", "Effective"),
    "col.recorded": ("记录时间 (UTC)", "Recorded (UTC)"),
    "col.event": ("事件", "Event"),
    "col.record": ("记录", "Record"),
    "col.actor": ("记录人", "Actor"),
    "col.reason": ("理由", "Reason"),
    "col.clauses": ("政策条款", "Clauses"),
    "col.document": ("文号", "Document"),
    "col.details": ("内容", "Details"),
    "col.school": ("学校", "School"),
    "col.from": ("起", "From"),
    "col.to": ("止", "To"),
    "col.kind": ("类型", "Kind"),
    "col.teacher": ("教师", "Teacher"),
    "col.position": ("位置", "Position"),
    "col.subject": ("对象", "Subject"),
    "col.link": ("链哈希", "Chain link"),
    "entry.voided": ("已作废", "voided"),
    "entry.voided_by": ("作废依据", "voided by"),
    "entry.amended_by": ("已更正", "amended by"),
    "entry.before": ("更正前", "before"),
    "entry.after": ("更正后", "after"),
    "entry.why": ("为何交流", "Why rotated"),
    "entry.known_before": ("查看此前所知", "As known before this"),
    # why rotated
    "why.title": ("为何交流", "Why was this teacher rotated"),
    "why.posting": ("交流记录", "The posting"),
    "why.who": ("提出与记录", "Proposed and recorded"),
    "why.profile": ("当时有效的政策参数", "Policy profile in force"),
    "why.eligibility": ("交流年度规划时的资格", "Eligibility when the school year was planned"),
    "why.reference": ("基准日", "Reference date"),
    "why.tenure": ("同校连续任教", "Continuous tenure at the home school"),
    "why.tenure_at_start": ("交流开始时的任教年限", "Tenure when the posting started"),
    "why.years_days": ("{years} 年 ({days} 天), 自 {since}", "{years} years ({days} days) since {since}"),
    "why.age": ("年龄", "Age"),
    "why.status": ("结论", "Outcome"),
    "why.reasons": ("依据", "Because"),
    "why.exemptions": ("考虑过的暂缓", "Exemptions considered"),
    "why.override": ("暂缓期内派遣的理由", "Override of an exemption"),
    "why.no_exemptions": ("交流开始时没有有效的暂缓", "No exemption was active when the posting started"),
    "why.source_default": ("未记录政策采纳, 使用内置默认参数", "No adoption recorded: the shipped default applies"),
    "why.source_adopted": ("采纳记录", "Adopted by"),
    # service record
    "sr.title": ("任职经历证明", "Service record"),
    "sr.target": ("申报目标", "Target"),
    "sr.as_of": ("评定日期", "Evaluated on"),
    "sr.met": ("全部满足", "All requirements met"),
    "sr.not_met": ("尚有要求未满足", "Some requirements are not met"),
    "sr.required": ("要求天数", "Days required"),
    "sr.credited": ("已计天数", "Days credited"),
    "sr.window": ("计算区间", "Window"),
    "sr.whole_career": ("全部任职经历", "whole career"),
    "sr.evidence": ("证明材料", "Evidence"),
    # schools
    "schools.title": ("学校", "Schools"),
    "school.classification": ("分类", "Classification"),
    "school.area": ("区域", "Area"),
    "school.kind": ("类别", "Kind"),
    "school.tier": ("办学水平", "Tier"),
    "school.level": ("学段", "Level"),
    "school.district": ("学区", "District"),
    "school.roster": ("在岗名单", "Roster"),
    "school.home_staff": ("本校在岗教师", "Home staff serving here"),
    "school.hosted": ("交流来校教师", "Hosted teachers"),
    "school.away": ("外出交流的本校教师", "Staff away on postings"),
    "school.quotas": ("本校交流比例", "The school's quota figures"),
    "school.count": ("{n} 人", "{n} people"),
    # planning
    "due.title": ("应交流人员名单", "Due list"),
    "due.school_year": ("学年", "School year"),
    "due.school": ("学校", "School"),
    "due.district": ("学区", "District"),
    "due.status": ("状态", "Status"),
    "due.all": ("全部", "all"),
    "due.filter": ("筛选", "Filter"),
    "due.download_csv": ("下载 CSV", "Download CSV"),
    "due.download_xlsx": ("下载 Excel", "Download XLSX"),
    "due.rank": ("序号", "Rank"),
    "due.tenure": ("任教年限", "Tenure"),
    "due.age": ("年龄", "Age"),
    "due.reasons": ("原因", "Reasons"),
    "due.rows": ("共 {n} 人", "{n} teachers"),
    "due.reference": ("基准日 {date}", "reference date {date}"),
    "quotas.title": ("交流比例", "Quota dashboard"),
    "quotas.county": ("全县", "County"),
    "quotas.schools": ("各校", "Schools"),
    "quotas.met": ("达标", "met"),
    "quotas.not_met": ("未达标", "not met"),
    "quotas.na": ("不适用", "not applicable"),
    "quotas.target": ("目标", "target"),
    "quotas.cap": ("上限", "cap"),
    "quotas.rotated": ("已交流", "rotated"),
    "quotas.required": ("要求", "required"),
    "n.staff": ("教师总数", "staff"),
    "n.eligible": ("符合交流条件", "eligible"),
    "n.rotated": ("已交流", "rotated"),
    "n.backbone_rotated": ("交流的骨干教师", "backbone teachers rotated"),
    "n.leadership_team": ("领导班子", "leadership team"),
    "n.leaders_rotated": ("交流的班子成员", "leaders rotated"),
    "n.principals_rotated": ("交流的校长", "principals rotated"),
    "n.party_secretaries_rotated": ("交流的书记", "party secretaries rotated"),
    "quotas.chart": ("各校交流人数与要求 (R-Q-SCHOOL)", "Rotated per school against the requirement (R-Q-SCHOOL)"),
    # audit
    "audit.title": ("审计: 全部事件", "Audit: every event"),
    "audit.event_type": ("事件类型", "Event type"),
    "audit.after": ("从位置之后", "After position"),
    "audit.school": ("学校编号", "School id"),
    "audit.teacher": ("教师编号", "Teacher id"),
    "audit.integrity": ("完整性校验", "Integrity check"),
    "audit.intact": ("哈希链完整", "The hash chain is intact"),
    "audit.broken": ("哈希链在此位置不一致", "The hash chain breaks at position"),
    "audit.checked": ("已校验 {n} 个事件", "{n} events checked"),
    "audit.compared": ("与审计视图保存的链哈希比对 {links} 个, 待链接 {pending} 个",
                       "{links} links compared with those the audit view kept, {pending} pending"),
    "audit.head_hash": ("链头哈希", "head hash"),
    "audit.problem.altered": ("事件被改动", "an event was altered"),
    "audit.problem.missing": ("事件缺失", "an event is missing"),
    "audit.problem.inserted": ("插入了未记录的事件", "an event was inserted"),
    "audit.problem.truncated": ("台账被截断", "the ledger was truncated"),
    "audit.problem.rewritten": ("哈希链被改写", "the chain was rewritten"),
    "audit.run": ("重新计算哈希链并核对", "Recompute the hash chain and compare"),
    "audit.head": ("台账最新位置 {n}", "ledger head position {n}"),
    # rules
    "rules.title": ("政策条款", "Rulebook"),
    "rules.only_zh_en": ("条款原文为英文, 附中文标题", "The rulebook is in English, with Chinese titles"),
    # forms
    "form.posting": ("记录交流", "Record a posting"),
    "form.report": ("到岗报到", "Report for duty"),
    "form.refusal": ("未按时到岗", "Failure to report"),
    "form.extension": ("延长交流", "Extend a posting"),
    "form.return": ("交流结束返回", "Return from a posting"),
    "form.exemption": ("批准暂缓", "Grant an exemption"),
    "form.award": ("给予激励", "Grant an award"),
    "form.evaluation": ("年度考核", "Record an evaluation"),
    "form.title": ("取得职称", "Confer a title"),
    "form.backbone": ("认定骨干教师", "Designate a backbone teacher"),
    "form.departure": ("离岗", "Record a departure"),
    "form.correction": ("更正记录 (作废或更正)", "Correct a record (void or amend)"),
    "form.exemption_end": ("提前结束暂缓", "End an exemption early"),
    "form.backbone_revoked": ("撤销骨干教师认定", "Revoke a backbone designation"),
    "form.reason": ("记录理由", "Reason"),
    "form.policy_clauses": ("依据的政策条款", "Policy clauses"),
    "form.document_ref": ("文号", "Document reference"),
    "form.submit": ("保存", "Record"),
    "form.cancel": ("取消", "Cancel"),
    "form.required": ("必填", "required"),
    "form.saved": ("已记录", "Recorded"),
    "form.replayed": ("与已记录的内容相同, 未重复记录", "Identical to what was recorded: nothing new recorded"),
    "form.notice": ("提醒", "Notice"),
    "form.choose": ("请选择", "Choose"),
    "form.changes": ("更正内容 (更正时填写)", "Changes (for an amendment)"),
    "form.change_field": ("更正字段 {n}", "Field {n}"),
    "form.change_value": ("新值 {n}", "New value {n}"),
    "form.multi_help": ("按住 Ctrl 可多选", "Hold Ctrl to choose several"),
}

# Event names as recorded, told in words.
EVENTS: dict[str, tuple[str, str]] = {
    "TeacherRegistered": ("登记教师", "teacher registered"),
    "TitleConferred": ("取得职称", "title conferred"),
    "BackboneDesignated": ("认定骨干教师", "backbone designated"),
    "BackboneRevoked": ("撤销骨干教师", "backbone revoked"),
    "EvaluationRecorded": ("年度考核", "evaluation recorded"),
    "PostingRecorded": ("记录交流", "posting recorded"),
    "ReportedForDuty": ("到岗报到", "reported for duty"),
    "ReportingFailed": ("未按时到岗", "failed to report"),
    "PostingExtended": ("延长交流", "posting extended"),
    "PostingEnded": ("交流结束", "posting ended"),
    "ExemptionGranted": ("批准暂缓", "exemption granted"),
    "ExemptionEnded": ("暂缓结束", "exemption ended"),
    "AwardGranted": ("给予激励", "award granted"),
    "TeacherDeparted": ("离岗", "teacher left"),
    "RecordVoided": ("作废记录", "record voided"),
    "RecordAmended": ("更正记录", "record amended"),
    "SchoolRegistered": ("登记学校", "school registered"),
    "SchoolReclassified": ("学校重新分类", "school reclassified"),
    "KeyIssued": ("发放访问密钥", "key issued"),
    "KeyReissued": ("重发访问密钥", "key reissued"),
    "KeyRevoked": ("撤销访问密钥", "key revoked"),
    "BookOpened": ("建立政策簿", "policy book opened"),
    "ProfileAdopted": ("采纳政策参数", "policy profile adopted"),
}

def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


class Translator:
    """What a template needs to speak the page's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values: Any) -> str:
        pair = TEXT.get(key)
        text = pick(pair, self.lang) if pair else key
        return text.format(**values) if values else text

    def field(self, name: str, context: str | None = None) -> str:
        """A field's label from the glossary (``context``: the kind of record it belongs to)."""
        return field_label(name, self.lang, context)

    def label(self, member: Labelled | None) -> str:
        return "" if member is None else member.label(self.lang)

    def enum(self, cls: type[Labelled], value: str | None) -> str:
        """The label of an enum value as stored in a payload (the value itself if unknown)."""
        if value is None:
            return ""
        try:
            return cls(value).label(self.lang)
        except ValueError:
            return value

    def event(self, event_type: str) -> str:
        pair = EVENTS.get(event_type)
        return pick(pair, self.lang).capitalize() if pair else event_type

    def told(self, message: Message | None) -> str:
        """A catalogue message in the page's language, its fields and values by their labels."""
        return "" if message is None else message.render(self.lang, labels=True)

    def clause(self, clause_id: str) -> str:
        clause = CLAUSES.get(clause_id)
        return (clause.zh if self.lang == "zh" else clause.en) if clause else clause_id

    def other(self) -> str:
        return "en" if self.lang == "zh" else "zh"
