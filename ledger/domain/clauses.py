"""Policy clause ids of the rulebook (ledger/rules/RULES.md), with short bilingual titles.

Events cite these ids; reports explain themselves with them. Ids are stable: never renumber,
only add. A test checks that this table and the rulebook name exactly the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clause:
    id: str
    section: str
    zh: str
    en: str


def _c(id_: str, section: str, zh: str, en: str) -> tuple[str, Clause]:
    return id_, Clause(id_, section, zh, en)


CLAUSES: dict[str, Clause] = dict(
    [
        _c("R-T-TENURE", "eligibility", "教师同校任教年限", "Teacher tenure at one school"),
        _c("R-P-TENURE", "eligibility", "校长同校任职届数", "Leader terms at one school"),
        _c("R-T-AGE", "eligibility", "年龄不作为交流对象", "Age exclusion"),
        _c("R-P-RETIRE", "eligibility", "临近退休的校长", "Leader close to retirement"),
        _c("R-ORDER", "eligibility", "任职时间长者先交流", "Longest tenure rotates first"),
        _c("R-TENURE-RESET", "eligibility", "交流期满任职年限重新计算", "Tenure restarts after a posting"),
        _c("R-MATERNITY", "eligibility", "法定产假计入轮岗年限", "Maternity leave counts towards the term"),
        _c("R-EX-ILLNESS", "exemptions", "重病或疾病影响工作", "Serious illness"),
        _c("R-EX-PREGNANCY", "exemptions", "孕期、哺乳期", "Pregnancy or nursing"),
        _c("R-EX-CHILD", "exemptions", "子女未满三周岁", "Child under three"),
        _c("R-EX-SPOUSE", "exemptions", "配偶残疾或重病需照料", "Spouse needs care"),
        _c("R-EX-FAMILY", "exemptions", "家庭重大变故", "Major family misfortune"),
        _c("R-EX-COUPLE", "exemptions", "夫妻同为交流对象可一方暂缓", "Both spouses due: one defers"),
        _c("R-EX-PROJECT", "exemptions", "学校传统项目、特色课程负责人", "Signature project lead"),
        _c("R-EX-ROLE", "exemptions", "按岗位或学科不列入交流", "Excluded by role or subject"),
        _c("R-EX-APPROVER", "exemptions", "暂缓须经批准并记录批准机关", "An exemption names its approver"),
        _c("R-EX-NOTICE", "exemptions", "暂缓须在校公示", "Deferral publicly notified at the school first"),
        _c("R-POST-ONE", "postings", "同一时间只有一次交流", "One open posting at a time"),
        _c("R-POST-HOST", "postings", "接收学校已登记且非原学校", "Host registered and not the home school"),
        _c("R-POST-EXEMPT", "postings", "暂缓期内派遣须说明理由", "Posting during an exemption needs an override"),
        _c("R-POST-REPORT", "postings", "按时到岗报到", "Report for duty on time"),
        _c("R-POST-EVAL", "postings", "交流期间由接收学校考核", "Host school evaluates during a posting"),
        _c("R-POST-SUPERVISORY", "postings", "督促性交流期限", "Supervisory exchange term"),
        _c("R-Q-COUNTY", "quotas", "全县年度交流比例", "County annual rotation share"),
        _c("R-Q-SCHOOL", "quotas", "学校年度交流比例", "School annual rotation share"),
        _c("R-Q-URBAN", "quotas", "城区和优质学校交流比例", "Urban and quality school share"),
        _c("R-Q-BACKBONE", "quotas", "骨干教师占交流人数比例", "Backbone share of those rotated"),
        _c("R-Q-LEADERS", "quotas", "领导班子交流上限", "Leadership rotation cap"),
        _c("R-Q-DISTRICT", "quotas", "学区内骨干教师交流比例", "District backbone exchange share"),
        _c("R-TITLE-VILLAGE", "title", "评职称须有农村学校任教经历", "Village service for title evaluation"),
        _c("R-TITLE-INCENTIVE", "title", "评职称须有奖励性交流经历", "Incentive exchange for title evaluation"),
        _c("R-TITLE-REFUSAL", "title", "拒不交流当年不得晋升", "No promotion in a year of refusal"),
        _c("R-GRADE-STEP", "title", "晋升薪级须有农村任教经历", "Village service for a grade step"),
        _c("R-LEADER-RURAL", "title", "校长评级须有农村任职经历", "Rural service for principal grading"),
        _c("R-INCENTIVE-PRIORITY", "title", "奖励性交流者职称评聘优先", "Incentive exchange gives title priority"),
        _c("R-PROG-PLAN", "programme", "每学年制定交流方案", "The annual programme covers everyone who must rotate"),
        _c("R-PROG-SOURCES", "programme", "组织选派、岗位竞聘、个人申请", "Where candidates come from"),
        _c("R-PROG-NEEDS", "programme", "接收学校需求优先薄弱和乡村学校", "Receiving schools' needs, weak and rural first"),
        _c("R-PROG-LEVEL", "programme", "同学段交流", "Rotation within the same school level"),
        _c("R-PROG-INCENTIVE", "programme", "奖励性交流每校每年名额", "Incentive exchange per school per year"),
        _c("R-PROG-SUPERVISORY", "programme", "督促性交流对象", "Supervisory exchange: the bottom of the evaluation"),
        _c("R-PROG-APPROVE", "programme", "方案须经审批", "The programme is approved"),
        _c("R-PROG-NOTICE", "programme", "方案公示与异议处理", "Public notice and objections"),
        _c("R-PROG-EFFECT", "programme", "方案整体生效", "Putting the programme into effect, all or none"),
        _c("R-PROG-PRINCIPALS", "programme", "校长交流到位期限", "Principals in place by the deadline"),
        _c("R-PROG-CONTRACT", "programme", "校长任期合同与目标责任书", "A rotated principal's term contract"),
        _c("R-PROG-FILE", "programme", "方案报备", "Filing the programme with the city bureau"),
        _c("R-PROG-PHASED", "programme", "分年度逐步交流", "Phased rotation over several years"),
        _c("R-PROG-KEYPOST", "programme", "关键岗位定期交流", "Key posts rotate after a term"),
    ]
)


def is_clause(clause_id: str) -> bool:
    return clause_id in CLAUSES
