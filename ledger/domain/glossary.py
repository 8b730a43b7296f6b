"""The glossary (术语表): every field and kind of thing the ledger names, with its Chinese and
English label — one vocabulary for the console's forms and pages, the exports' headers, the
importer's headers and the messages that cite a field.

A field keeps one label wherever it appears; where a name means something narrower in one kind of
record (an evaluation's ``school_id`` is the evaluating school), ``<context>.<field>`` gives that
narrower label. Enum values carry their own labels (``ledger.domain.enums``).
"""

from __future__ import annotations

from ledger.domain.clauses import CLAUSES
from ledger.domain.enums import Labelled

Pair = tuple[str, str]

FIELDS: dict[str, Pair] = {
    # people and schools
    "teacher_id": ("教师编号", "Teacher id"),
    "name": ("姓名", "Name"),
    "gender": ("性别", "Gender"),
    "birth_date": ("出生日期", "Birth date"),
    "role": ("岗位", "Role"),
    "subject": ("任教学科", "Subject"),
    "home_school_id": ("人事关系所在学校", "Home school"),
    "at_home_school_since": ("到本校日期", "At the home school since"),
    "title": ("职称", "Title"),
    "title_since": ("职称取得日期", "Title held since"),
    "backbone": ("骨干教师", "Backbone teacher"),
    "backbone_level": ("骨干级别", "Backbone level"),
    "backbone_cycle_start": ("骨干认定日期", "Backbone cycle start"),
    "school_id": ("学校编号", "School id"),
    "school_name": ("学校", "School"),
    "level": ("学段", "Level"),
    "area": ("区域", "Area"),
    "kind": ("类型", "Kind"),
    "tier": ("办学水平", "Tier"),
    "district": ("学区", "District"),
    "alliance": ("联盟", "Alliance"),
    "group": ("教育集团", "Education group"),
    "reclassification_id": ("重新分类编号", "Reclassification id"),
    # the envelope
    "effective_date": ("生效日期", "Effective date"),
    "reason": ("事由", "Reason"),
    "policy_clauses": ("政策条款", "Policy clauses"),
    "document_ref": ("文号", "Document reference"),
    "actor": ("记录人", "Actor"),
    "correlation_id": ("关联编号", "Correlation id"),
    "recorded_at": ("记录时间", "Recorded at"),
    # postings
    "posting_id": ("交流记录编号", "Posting id"),
    "host_school_ids": ("接收学校", "Host school(s)"),
    "start_date": ("开始日期", "Start date"),
    "planned_end_date": ("计划结束日期", "Planned end date"),
    "transfers_personnel_relation": ("人事关系随迁(调动)", "Transfers the personnel relation (a transfer)"),
    "override_exemption": ("暂缓期内仍派遣", "Post despite an active exemption"),
    "override_exemption_reason": ("暂缓期内派遣的理由", "Reason to post despite an exemption"),
    "override_reason": ("暂缓期内派遣的理由", "Reason to post despite an exemption"),
    "reported_on": ("报到日期", "Reported on"),
    "failed_on": ("记录日期", "Recorded on"),
    "days_absent": ("未到岗天数", "Days absent"),
    "new_end_date": ("新的结束日期", "New end date"),
    "ended_on": ("结束日期(最后一天)", "Last day"),
    "early": ("提前结束", "Ended early"),
    "ended_early": ("提前结束", "Ended early"),
    # exemptions
    "exemption_id": ("暂缓记录编号", "Exemption id"),
    "category": ("暂缓类别", "Category"),
    "end_date": ("结束日期", "End date"),
    "child_birth_date": ("子女出生日期", "Child's birth date"),
    "evidence_ref": ("证明材料", "Evidence"),
    "spouse_teacher_id": ("配偶教师编号", "Spouse's teacher id"),
    # awards, evaluations, titles, backbone, departures
    "award_id": ("激励记录编号", "Award id"),
    "awarded_on": ("授予日期", "Awarded on"),
    "amount_cny": ("金额(元)", "Amount (CNY)"),
    "evaluation_id": ("考核记录编号", "Evaluation id"),
    "school_year": ("学年", "School year"),
    "grade": ("考核等次", "Grade"),
    "title_id": ("职称记录编号", "Title record id"),
    "conferred_on": ("取得日期", "Conferred on"),
    "designation_id": ("认定编号", "Designation id"),
    "cycle_start": ("周期开始", "Cycle start"),
    "cycle_end": ("周期结束", "Cycle end"),
    "revoked_on": ("撤销日期", "Revoked on"),
    "departure_id": ("离岗记录编号", "Departure id"),
    "departed_on": ("离岗日期", "Departed on"),
    # corrections
    "correction_id": ("更正记录编号", "Correction id"),
    "target_id": ("更正对象", "Record to correct"),
    "action": ("更正方式", "Action"),
    "changes": ("更正内容", "Changes"),
    # reading
    "as_of": ("截至日期", "As of"),
    "known_at": ("当时所知(记录时刻)", "Known at (a recorded moment)"),
    "target": ("申报目标", "Target"),
    "after": ("从位置之后", "After position"),
    "event_type": ("事件类型", "Event type"),
    "cursor": ("翻页标记", "Cursor"),
    "limit": ("每页条数", "Page size"),
    "key": ("访问密钥", "Access key"),
    "profile": ("政策参数", "Policy profile"),
    "parameters": ("参数", "Parameters"),
    "adoption_id": ("采纳编号", "Adoption id"),
    "sha256": ("文件哈希", "File hash"),
    "body": ("请求内容", "Request body"),
    "record_id": ("记录编号", "Record id"),
    "record_type": ("记录类型", "Record type"),
    "event": ("事项", "Event"),
    "transfer": ("人事关系随迁", "Transfer"),
    "status": ("状态", "Status"),
    "clauses": ("政策条款", "Clauses"),
    # the policy engine's answers
    "rank": ("序号", "Rank"),
    "school_rank": ("校内序号", "Rank in school"),
    "tenure_years": ("任教年限", "Tenure (years)"),
    "tenure_days": ("任教天数", "Tenure (days)"),
    "tenure_start": ("任教起始", "Tenure since"),
    "age": ("年龄", "Age"),
    "exemption": ("暂缓事由", "Exemption"),
    "reasons": ("原因", "Reasons"),
    "scope": ("范围", "Scope"),
    "unit_id": ("编号", "Id"),
    "unit_name": ("名称", "Name"),
    "staff": ("教师总数", "Staff"),
    "eligible": ("符合交流条件", "Eligible"),
    "rotated": ("已交流", "Rotated"),
    "clause": ("条款", "Clause"),
    "clause_title": ("条款名称", "Clause title"),
    "measure": ("口径", "Measure"),
    "numerator": ("人数", "Count"),
    "denominator": ("基数", "Base"),
    "share": ("比例", "Share"),
    "threshold": ("要求比例", "Required share"),
    "required": ("要求人数", "Required count"),
    "met": ("是否达标", "Met"),
    "note": ("说明", "Note"),
    "required_days": ("要求天数", "Required days"),
    "credited_days": ("累计天数", "Credited days"),
    "window_start": ("计算起点", "Counted from"),
    "window_end": ("计算终点", "Counted to"),
    "start": ("开始", "Start"),
    "end": ("结束", "End"),
    "item_days": ("计入天数", "Days credited"),
    # rosters and histories
    "group": ("类别", "Group"),
    "serving_school_ids": ("任教学校", "Serving at"),
    "type": ("事项", "Event"),
    "record": ("当前状态", "Record now"),
    "voided": ("已作废", "Voided"),
    "voided_by": ("作废依据", "Voided by"),
    "amended_by": ("更正依据", "Amended by"),
    "version": ("版本", "Version"),
    "event_id": ("事件编号", "Event id"),
    "details": ("内容", "Details"),
    "date": ("日期", "Date"),
    "on": ("日期", "Date"),
    "views": ("视图", "Views"),
    "database_url": ("数据库地址", "Database URL"),
    "file": ("文件", "File"),
    "format": ("文件格式", "Format"),
    "lang": ("语言", "Language"),
    "school": ("学校", "School"),
}

# Narrower labels of a field in one kind of record or file (``<context>.<field>``).
IN_CONTEXT: dict[str, Pair] = {
    "evaluation.school_id": ("考核学校", "Evaluating school"),
    "award.posting_id": ("关联交流", "Posting it rewards"),
    "service.reason": ("说明", "Reason"),
    "service.record_id": ("依据记录", "Record"),
    "service.school_id": ("任教学校编号", "School id"),
    "service.school_name": ("任教学校", "School"),
    "service.status": ("结论", "Status"),
    "service.target": ("评定事项", "Target"),
    "service.as_of": ("评定日期", "As of"),
    "roster.posting_id": ("交流记录", "Posting"),
    "schools.name": ("学校名称", "School name"),
    "schools.kind": ("学校类型", "School kind"),
    "history.kind": ("类别", "Kind"),
    "history.school_id": ("考核学校", "Evaluating school"),
    "history.posting_id": ("关联交流", "Posting it rewards"),
    "history.end_date": ("结束日期", "End date"),
    "history.override_reason": ("暂缓期派遣理由", "Reason to post despite an exemption"),
}

KINDS: dict[str, Pair] = {
    "teacher": ("教师", "teacher"),
    "school": ("学校", "school"),
    "record": ("记录", "record"),
    "posting": ("交流", "posting"),
    "exemption": ("暂缓", "exemption"),
    "award": ("激励", "award"),
    "evaluation": ("考核", "evaluation"),
    "title": ("职称", "title"),
    "backbone": ("骨干认定", "backbone designation"),
    "departure": ("离岗", "departure"),
    "correction": ("更正", "correction"),
    "reclassification": ("重新分类", "reclassification"),
    "profile": ("政策参数", "profile"),
    "policy": ("政策簿", "policy"),
    "adoption": ("采纳", "adoption"),
    "key": ("访问密钥", "key"),
    "view": ("视图", "view"),
    "route": ("页面", "route"),
    "form": ("表单", "form"),
    "programme": ("交流方案", "programme"),
}

CLAUSE_TITLES: dict[str, Pair] = {c.id: (c.zh, c.en) for c in CLAUSES.values()}
GROUPS: dict[str, dict[str, Pair]] = {"field": FIELDS, "kind": KINDS, "clause": CLAUSE_TITLES}


def pick(pair: Pair, lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def label(group: str, value: str, lang: str) -> str:
    """A glossary word in a language; a field's path (``changes.grade``, ``host_school_ids[1]``)
    is labelled part by part; a word the glossary lacks is shown as it is."""
    if group == "field":
        return field_label(value, lang)
    pair = GROUPS.get(group, {}).get(value)
    return pick(pair, lang) if pair else value


def field_label(name: str, lang: str, context: str | None = None) -> str:
    if context and (pair := IN_CONTEXT.get(f"{context}.{name}")):
        return pick(pair, lang)
    pair = FIELDS.get(name)
    if pair:
        return pick(pair, lang)
    base, index = _split_index(name)
    if index is not None:
        ordinal = f"第{index + 1}项" if lang == "zh" else f"#{index + 1}"
        return f"{field_label(base, lang, context)} {ordinal}"
    if "." in name:
        head, rest = name.split(".", 1)
        if rest.isdigit():
            return field_label(f"{head}[{rest}]", lang, context)
        return f"{field_label(head, lang, context)} · {field_label(rest, lang, context)}"
    return name


def _split_index(name: str) -> tuple[str, int | None]:
    if name.endswith("]") and "[" in name:
        base, _, index = name[:-1].rpartition("[")
        if index.isdigit() and "." not in index:
            return base, int(index)
    return name, None


def enum_label(member: Labelled | None, lang: str) -> str:
    return "" if member is None else member.label(lang)
