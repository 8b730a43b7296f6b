"""Word lists for a plausible county: people's names, subjects, and place names for schools.

Surnames carry rough relative frequencies (the common surnames of mainland China); given names
are one or two characters drawn from lists that lean male or female, as real names do.
"""

from __future__ import annotations

import random

SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 72), ("李", 70), ("张", 66), ("刘", 53), ("陈", 46), ("杨", 31), ("黄", 24), ("赵", 20),
    ("吴", 20), ("周", 19), ("徐", 14), ("孙", 14), ("马", 12), ("朱", 12), ("胡", 11), ("郭", 11),
    ("何", 10), ("林", 10), ("高", 10), ("罗", 10), ("郑", 9), ("梁", 9), ("谢", 7), ("宋", 7),
    ("唐", 7), ("许", 6), ("韩", 6), ("冯", 6), ("邓", 6), ("曹", 6), ("彭", 6), ("曾", 5),
    ("肖", 5), ("田", 5), ("董", 5), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5),
    ("余", 5), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4),
    ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3),
    ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3),
    ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3), ("孟", 3), ("熊", 3), ("秦", 3),
    ("邱", 3), ("江", 3), ("尹", 2), ("薛", 2), ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2),
    ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2),
    ("邵", 2), ("万", 2), ("覃", 2), ("武", 2), ("戴", 2), ("莫", 2), ("孔", 2), ("向", 2),
    ("欧阳", 1), ("司马", 1), ("上官", 1), ("诸葛", 1),
)
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国峰亮成志海文东晨"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀燕玲桂琳丹萍红玉兰英梅琴云莲雪倩婷颖洁慧佳月璐蕾薇晶欣怡悦婧"
NEUTRAL_CHARS = "春晓子小丹诗雨思嘉新永安德清瑞文华晓一家天"

PRIMARY_SUBJECTS = ("语文", "数学", "英语", "科学", "道德与法治", "音乐", "体育", "美术", "信息技术")
PRIMARY_WEIGHTS = (30, 26, 10, 6, 5, 6, 7, 5, 3)
JUNIOR_SUBJECTS = ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治",
                   "音乐", "体育", "美术", "信息技术")
JUNIOR_WEIGHTS = (16, 16, 14, 8, 6, 6, 6, 5, 6, 3, 6, 3, 3)
ARTS_SUBJECTS = ("音乐", "体育", "美术")  # the usual itinerant (走教) subjects
RARE_SUBJECTS = ("心理健康", "特殊教育")  # specialist posts a county may exclude (R-EX-ROLE)

TOWN_STEMS = (
    "河口", "石桥", "龙泉", "青山", "白沙", "柳林", "马坪", "花溪", "桃源", "双河", "新店", "黄岭",
    "云台", "杨柳", "金竹", "梅子", "长乐", "安平", "永兴", "太和", "三合", "清江", "凤凰", "万寿",
    "回龙", "铁山", "高桥", "洪湖", "枫林", "东岳", "南岭", "西坪", "北山", "大兴", "平安", "莲花",
)
VILLAGE_FIRST = "李王张刘陈杨赵周吴石竹松柏枫桃杏梨茶松龙凤鹿马牛羊鹤云清红白黄青"
VILLAGE_SECOND = "家庄湾岭坪沟塘坝冲岩溪洞园林桥坡垭"
VILLAGE_SUFFIX = ("村", "村", "村", "坪", "湾")
ORDINALS = "一二三四五六七八九十"


def person_name(rng: random.Random, gender: str) -> str:
    names, weights = zip(*SURNAMES, strict=True)
    surname = rng.choices(names, weights=weights)[0]
    lean = MALE_CHARS if gender == "male" else FEMALE_CHARS
    pool = lean * 3 + NEUTRAL_CHARS
    if rng.random() < 0.3:
        return surname + rng.choice(lean)
    return surname + rng.choice(pool) + rng.choice(lean)


def subject_for(rng: random.Random, level: str) -> str:
    if rng.random() < 0.01:
        return rng.choice(RARE_SUBJECTS)
    if level == "junior":
        return rng.choices(JUNIOR_SUBJECTS, weights=JUNIOR_WEIGHTS)[0]
    return rng.choices(PRIMARY_SUBJECTS, weights=PRIMARY_WEIGHTS)[0]


def town_names(count: int) -> list[str]:
    """``count`` distinct town stems; past the list, stems get an ordinal (河口二 …)."""
    names: list[str] = []
    round_ = 0
    while len(names) < count:
        suffix = "" if round_ == 0 else ORDINALS[round_ % len(ORDINALS)]
        names += [stem + suffix for stem in TOWN_STEMS][: count - len(names)]
        round_ += 1
    return names


def village_name(rng: random.Random, taken: set[str]) -> str:
    """A village name not yet used in the county."""
    for _ in range(200):
        name = rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND) + rng.choice(VILLAGE_SUFFIX)
        if name not in taken:
            taken.add(name)
            return name
    name = f"新村{len(taken) + 1}"
    taken.add(name)
    return name
