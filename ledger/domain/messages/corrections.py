"""Messages about corrections (void and amend, RULES.md §4)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "correction.already_voided": ("记录“{record}”已被“{by}”作废", "record '{record}' is already voided by '{by}'"),
    "correction.target_voided": ("记录“{record}”已被“{by}”作废；请先作废那条更正",
                                 "record '{record}' is voided by '{by}'; void that correction first"),
    "correction.void_not_amendable": ("作废记录不能更正; 如需撤销请将其作废", "a void cannot be amended; void it to undo it"),
    "correction.same_changes": ("该更正已是这些内容", "the amendment already makes exactly these changes"),
    "correction.no_changes": ("请至少填写一个更正字段", "name at least one field to amend"),
    "correction.not_amendable": ("此类记录（{kind}）不能更正此字段；可更正：{amendable}",
                                 "cannot be amended on a {kind}; amendable: {amendable}"),
    "correction.nothing_changes": ("所填字段已是该值", "every named field already has that value"),
    "correction.nested_changes": ("更正一条更正时, 内容须为 {{'changes': {{...}}}}",
                                  "an amendment of an amendment gives {{'changes': {{...}}}}"),
    "correction.void_takes_no_changes": ("作废不需要填写更正内容", "a void takes no changes"),
}
