"""Enumerations of the rotation domain, each member with its Chinese and English label.

Events store the plain string value (``member.value``), so payloads stay JSON-native and stable.
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class Labelled(str, Enum):
    """A string enum whose members carry a Chinese (``zh``) and English (``en``) label."""

    zh: str
    en: str

    def __new__(cls, value: str, zh: str, en: str, *extra: Any) -> Labelled:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.zh = zh
        obj.en = en
        if extra:  # a member may also name the clause it stands for
            obj.clause = extra[0]
        return obj

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:
        return self.value


class Area(Labelled):
    URBAN = "urban", "城区", "urban"
    TOWN = "town", "镇区", "town"
    RURAL = "rural", "乡村", "rural"


class SchoolKind(Labelled):
    CENTRAL = "central", "中心校", "central school"
    VILLAGE = "village", "村小", "village school"
    TEACHING_POINT = "teaching_point", "教学点", "teaching point"
    REGULAR = "regular", "普通学校", "regular school"


class Tier(Labelled):
    QUALITY = "quality", "优质", "quality"
    ORDINARY = "ordinary", "普通", "ordinary"
    WEAK = "weak", "薄弱", "weak"


class SchoolLevel(Labelled):
    PRIMARY = "primary", "小学", "primary"
    JUNIOR = "junior", "初中", "junior secondary"
    NINE_YEAR = "nine_year", "九年一贯制", "nine-year school"


class Gender(Labelled):
    MALE = "male", "男", "male"
    FEMALE = "female", "女", "female"


class Role(Labelled):
    TEACHER = "teacher", "专任教师", "teacher"
    PRINCIPAL = "principal", "校长", "principal"
    VICE_PRINCIPAL = "vice_principal", "副校长", "vice principal"
    PARTY_SECRETARY = "party_secretary", "书记", "party secretary"
    MIDDLE_MANAGER = "middle_manager", "中层干部", "middle manager"

    @property
    def is_leader(self) -> bool:
        """School leaders fall under R-P-TENURE rather than R-T-TENURE."""
        return self is not Role.TEACHER


class Title(Labelled):
    """Professional titles (职称), in ascending order."""

    JUNIOR = "junior", "初级", "junior"
    INTERMEDIATE = "intermediate", "中级", "intermediate"
    SENIOR = "senior", "副高级", "senior"
    FULL_SENIOR = "full_senior", "正高级", "full senior"

    @property
    def rank(self) -> int:
        return list(Title).index(self)


class PostingKind(Labelled):
    """Kinds of posting (交流方式), RULES.md §2."""

    REGULAR_ROTATION = "regular_rotation", "定期交流", "regular rotation"
    COMPETITIVE_APPOINTMENT = "competitive_appointment", "跨校竞聘", "competitive appointment"
    DISTRICT_ROTATION = "district_rotation", "学区一体化交流", "district rotation"
    PAIRED_SUPPORT = "paired_support", "对口支援", "paired support"
    SUPPORT_TEACHING = "support_teaching", "支教", "support teaching"
    ITINERANT = "itinerant", "走教", "itinerant teaching"
    FAMOUS_TEACHER_POST = "famous_teacher_post", "名师名校长特聘岗", "famous teacher post"
    INCENTIVE_EXCHANGE = "incentive_exchange", "奖励性交流", "incentive exchange"
    SUPERVISORY_EXCHANGE = "supervisory_exchange", "督促性交流", "supervisory exchange"
    SECONDMENT = "secondment", "挂职", "secondment"


class ExemptionCategory(Labelled):
    """Exemption and deferral categories (不作为交流对象 / 暂缓交流), each tied to its clause."""

    ILLNESS = "illness", "重病或疾病影响工作", "serious illness", "R-EX-ILLNESS"
    PREGNANCY = "pregnancy", "孕期或哺乳期", "pregnancy or nursing", "R-EX-PREGNANCY"
    CHILD_UNDER_3 = "child_under_3", "子女未满三周岁", "child under three", "R-EX-CHILD"
    SPOUSE_CARE = "spouse_care", "配偶需照料", "spouse needs care", "R-EX-SPOUSE"
    FAMILY_MISFORTUNE = "family_misfortune", "家庭重大变故", "major family misfortune", "R-EX-FAMILY"
    COUPLE = "couple", "夫妻一方暂缓", "both spouses due", "R-EX-COUPLE"
    SIGNATURE_PROJECT = "signature_project", "特色项目负责人", "signature project lead", "R-EX-PROJECT"
    ROLE_EXCLUDED = "role_excluded", "岗位或学科不列入", "excluded by role or subject", "R-EX-ROLE"

    clause: str


class ApprovingOffice(Labelled):
    """The office that approved an exemption or deferral (R-EX-APPROVER)."""

    TOWNSHIP_OFFICE = "township_office", "乡镇教育办公室", "township education office"
    SCHOOL = "school", "学校", "school"
    COUNTY_BUREAU = "county_bureau", "县(区)教育局", "county education bureau"


class AwardKind(Labelled):
    TITLE_PRIORITY = "title_priority", "职称评聘优先", "title-evaluation priority"
    HONOUR = "honour", "荣誉表彰", "honour"
    SUBSIDY = "subsidy", "交流补贴", "subsidy"
    GRADE_STEP = "grade_step", "薪级晋升", "salary grade step"
    LEADERSHIP_PRIORITY = "leadership_priority", "干部选拔优先", "leadership priority"


class EvaluationGrade(Labelled):
    """Annual evaluation grades (年度考核等次), best first."""

    EXCELLENT = "excellent", "优秀", "excellent"
    QUALIFIED = "qualified", "合格", "qualified"
    BASICALLY_QUALIFIED = "basically_qualified", "基本合格", "basically qualified"
    UNQUALIFIED = "unqualified", "不合格", "unqualified"

    @property
    def is_qualified_or_better(self) -> bool:
        return self in (EvaluationGrade.EXCELLENT, EvaluationGrade.QUALIFIED)


class BelowMiddle(Labelled):
    """What makes an annual evaluation "below the middle" (中游以下) for R-POST-SUPERVISORY."""

    GRADES = "grades", "按考核等次", "by grade: one of the profile's below-the-middle grades"
    MEDIAN_SCORE = "median_score", "低于学校中位分", "a score below the evaluating school's median (by grade without one)"


class PrincipalGrade(Labelled):
    """Principals' grades (校长职级), highest first; each has steps (档次) within it (seed 003)."""

    SPECIAL = "special", "特级校长", "special-grade principal"
    FIRST = "first", "一级校长", "first-grade principal"
    SECOND = "second", "二级校长", "second-grade principal"
    THIRD = "third", "三级校长", "third-grade principal"


class BackboneAssessment(Labelled):
    """The yearly assessment of a backbone teacher (骨干教师年度考核, seed 002)."""

    EXCELLENT = "excellent", "优秀", "excellent"
    GOOD = "good", "良好", "good"
    QUALIFIED = "qualified", "合格", "qualified"
    UNQUALIFIED = "unqualified", "不合格", "unsatisfactory: the designation is revoked"


class BackboneLevel(Labelled):
    SCHOOL = "school", "校级骨干", "school level"
    COUNTY = "county", "县级骨干", "county level"
    CITY = "city", "市级骨干", "city level"
    PROVINCE = "province", "省级骨干", "province level"


class DepartureKind(Labelled):
    RETIRED = "retired", "退休", "retired"
    RESIGNED = "resigned", "辞职", "resigned"
    TRANSFERRED_OUT = "transferred_out", "调出本县", "transferred out of the county"
    DISMISSED = "dismissed", "解聘", "dismissed"
    DECEASED = "deceased", "去世", "deceased"
    AUTO_DEPARTURE = "auto_departure", "自动离职", "treated as having left (R-POST-REPORT)"


class RefusalConsequence(Labelled):
    """What a failure to report for duty leads to under R-POST-REPORT."""

    NONE = "none", "未超过期限", "within the grace period"
    WARNING = "warning", "警告", "warning: no honours, no promotion, evaluation capped"
    DEPARTED = "departed", "按自动离职处理", "treated as having left"


class CorrectionAction(Labelled):
    VOID = "void", "作废", "void"
    AMEND = "amend", "更正", "amend"


class RecordType(Labelled):
    POSTING = "posting", "交流", "posting"
    EXEMPTION = "exemption", "暂缓交流", "exemption"
    AWARD = "award", "激励", "award"
    EVALUATION = "evaluation", "年度考核", "evaluation"
    TITLE = "title", "职称", "title"
    BACKBONE = "backbone", "骨干教师认定", "backbone designation"
    GRADE = "grade", "校长职级", "principal grade"
    DEPARTURE = "departure", "离岗", "departure"
    CORRECTION = "correction", "更正记录", "correction"
