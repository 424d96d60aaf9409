"""What clerks actually write in the choice columns of a roster, mapped to the roster's choices.

One table, read by the import (``services.importing.import_cadres``) and printed on the template's 填写说明 sheet, so
that what the sheet promises is what the import accepts. Besides the words listed here, every choice's own
label is accepted in Chinese and in English, and its stored code, whatever the interface language.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils import translation

from .models import Cadre, Education, Gender, PoliticalStatus, Position, ReserveLevel

#: field → {choice: words clerks write for it (besides its Chinese and English labels)}.
SYNONYMS: dict[str, dict] = {
    "position": {
        Position.PARTY_SECRETARY: ["乡镇党委书记", "镇党委书记", "乡党委书记", "书记"],
        Position.MAYOR: ["乡长", "乡镇长", "镇长", "mayor"],
        Position.LEADERSHIP: ["班子", "副书记", "副镇长", "副乡长", "党委委员", "人大主席", "纪委书记"],
        Position.STAFF: ["干部", "科员", "办事员", "工作人员", "staff"],
        Position.STATION_HEAD: ["站长", "所长", "站所长"],
        Position.VILLAGE_SECRETARY: ["村支书", "村党支部书记", "村党总支书记", "村书记"],
        Position.VILLAGE_CADRE: ["村两委成员", "村委委员", "村支委委员", "村主任", "村委会主任", "村会计", "村文书"],
        Position.FIRST_SECRETARY: ["驻村第一书记"],
        Position.COLLEGE_GRADUATE: ["村官", "大学生村干部"],
        Position.TECH_DEPUTY: ["科技副镇长", "科技副乡长", "挂职科技副镇长"],
    },
    "education": {
        Education.JUNIOR_HIGH: ["初中", "小学", "初中以下", "junior high", "primary school"],
        Education.SENIOR_HIGH: ["高中", "中专", "中技", "职高", "技校", "高中（中专）", "senior high"],
        Education.JUNIOR_COLLEGE: ["专科", "大专及以上", "college", "associate"],
        Education.BACHELOR: ["大学", "学士", "大学本科", "bachelor", "undergraduate"],
        Education.POSTGRADUATE: ["硕士", "博士", "硕士研究生", "博士研究生", "master", "phd", "doctor"],
    },
    "political_status": {
        PoliticalStatus.PARTY_MEMBER: ["党员", "共产党员", "中国共产党党员", "cpc", "party member"],
        PoliticalStatus.PROBATIONARY: ["预备党员"],
        PoliticalStatus.LEAGUE_MEMBER: ["团员", "共青团员", "cyl"],
        PoliticalStatus.DEMOCRATIC_PARTY: ["民主党派成员", "民革", "民盟", "民建", "民进", "农工党", "九三学社"],
        PoliticalStatus.MASSES: ["无党派", "无", "masses", "none"],
    },
    # The 后备干部 column was once 是/否: 是 reads as a township reserve, as the roster's earlier flags were.
    "reserve_level": {
        ReserveLevel.NONE: ["不是", "非后备", "×", "✗", "no", "n", "false", "0"],
        ReserveLevel.TOWNSHIP: [
            "是",
            "√",
            "✓",
            "yes",
            "y",
            "true",
            "1",
            "乡镇后备",
            "乡镇级后备",
            "镇后备",
            "乡后备",
            "后备",
            "后备干部",
        ],
        ReserveLevel.VILLAGE: ["村级后备", "村后备", "村后备干部", "村两委后备"],
    },
    "status": {
        Cadre.Status.IN_POST: ["在职", "在编", "in post"],
        Cadre.Status.LEFT: ["离职", "调离", "退休", "left"],
    },
    "gender": {
        Gender.MALE: ["男性", "male", "m"],
        Gender.FEMALE: ["女性", "female", "f"],
    },
}

CHOICE_KINDS = {
    "position": Position,
    "education": Education,
    "political_status": PoliticalStatus,
    "reserve_level": ReserveLevel,
    "status": Cadre.Status,
    "gender": Gender,
}

_SPACES = re.compile(r"\s+")
#: Dots clerks type between the parts of a minority or foreign name, all stored as the middle dot.
_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", "⋅": "·", "．": "·"})


def text(value) -> str:
    """A cell as text: full-width digits and letters made half-width (NFKC), spaces around removed and runs
    of spaces inside made one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", str(value))).strip()


def compact(value) -> str:
    """``text`` without any space at all: ID and phone numbers, Chinese names, codes."""
    return text(value).replace(" ", "")


def name(value) -> str:
    """A name: spaces between Chinese characters dropped (张 三 → 张三), the dots of 阿依古丽·买买提 unified."""
    cleaned = text(value).translate(_DOTS)
    cleaned = re.sub(r"\s*·\s*", "·", cleaned)
    if any("\u4e00" <= char <= "\u9fff" for char in cleaned):
        cleaned = cleaned.replace(" ", "")
    return cleaned


def key(value) -> str:
    """How a choice is looked up: like ``compact``, in lower case, with the brackets of either width alike."""
    return compact(value).lower().replace("（", "(").replace("）", ")")


def labels(choice) -> tuple[str, str]:
    """A choice's label in Chinese and in English, whatever language is active."""
    with translation.override("zh-hans"):
        chinese = str(choice.label)
    with translation.override("en"):
        english = str(choice.label)
    return chinese, english


def lookup(fname: str) -> dict[str, object]:
    """Every accepted spelling (as ``key``) of a choice column → the choice's stored value."""
    table: dict[str, object] = {}
    for choice in CHOICE_KINDS[fname]:
        for word in (str(choice.value), *labels(choice), *SYNONYMS[fname].get(choice, [])):
            table[key(word)] = choice.value
    return table


def accepted_words(fname: str) -> list[tuple[str, list[str]]]:
    """For the instruction sheet: each choice's Chinese label and the other words accepted for it."""
    rows = []
    for choice in CHOICE_KINDS[fname]:
        chinese, english = labels(choice)
        rows.append((chinese, [english, *SYNONYMS[fname].get(choice, [])]))
    return rows
