"""Roster rows the way clerks paste them (full-width digits, spaces, lowercase x, middle-dot names, synonyms in
either language), and what each must be stored as. Shared by the import tests and ``make bench``."""

from __future__ import annotations

import datetime
import io
from typing import NamedTuple

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from skilled_township.cadres.models import Education, PoliticalStatus, Position
from skilled_township.core.resident_id import check_digit

HEADER = ["序号", "县市区", "乡镇", "姓名", "性别", "出生日期", "身份证号码", "手机号码", "职务类别", "学历"]
HEADER += ["政治面貌", "后备干部", "状态", "离岗日期", "备注"]
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
EDUCATION = [
    ("初中", Education.JUNIOR_HIGH),
    ("小学", Education.JUNIOR_HIGH),
    ("中专", Education.SENIOR_HIGH),
    ("职高", Education.SENIOR_HIGH),
    ("技校", Education.SENIOR_HIGH),
    ("专科", Education.JUNIOR_COLLEGE),
    ("大学", Education.BACHELOR),
    ("学士", Education.BACHELOR),
    ("硕士", Education.POSTGRADUATE),
    ("Bachelor's degree", Education.BACHELOR),
    ("高中/中专", Education.SENIOR_HIGH),
]
POSITIONS = [
    ("乡长", Position.MAYOR),
    ("镇长", Position.MAYOR),
    ("一般干部", Position.STAFF),
    ("Staff cadre", Position.STAFF),
    ("站长", Position.STATION_HEAD),
    ("科技副镇长", Position.TECH_DEPUTY),
    ("村支书", Position.VILLAGE_SECRETARY),
]
POLITICAL = [
    ("党员", PoliticalStatus.PARTY_MEMBER),
    ("中共党员", PoliticalStatus.PARTY_MEMBER),
    ("预备党员", PoliticalStatus.PROBATIONARY),
    ("共青团员", PoliticalStatus.LEAGUE_MEMBER),
    ("群众", PoliticalStatus.MASSES),
    ("CPC member", PoliticalStatus.PARTY_MEMBER),
]


class Township(NamedTuple):
    county: str
    name: str
    code: str


#: The test world's 高村镇 (tests/conftest.py).
GAOCUN = Township("麻阳苗族自治县", "高村镇", "431226101000")


def clerk_id(i: int, area: str = "431226") -> str:
    """Row i's valid ID: a birth date of its own (no two rows can meet), a check digit X every fourth row."""
    born = (datetime.date(1960, 1, 1) + datetime.timedelta(days=3 * i)).strftime("%Y%m%d")
    sequence = 100 + i % 2
    while (check_digit(f"{area}{born}{sequence:03d}") == "X") != (i % 4 == 0):
        sequence += 2
    first17 = f"{area}{born}{sequence:03d}"
    return first17 + check_digit(first17)


def xlsx_bytes(header, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(header, rows, name: str = "roster.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(header, rows))


def clerk_rows(
    count: int = 200, townships: tuple[Township, ...] = (GAOCUN,), area: str = "431226"
) -> tuple[list[list], list[dict]]:
    """Rows as clerks paste them, spread over ``townships`` in turn (by name, by name with the county, or by
    code), and what each must be stored as. The ID numbers start with ``area``."""
    rows, expected = [], []
    for i in range(count):
        township = townships[i % len(townships)]
        number = clerk_id(i, area)
        typed_number = number
        if i % 4 == 0:
            typed_number = number.lower()
        if i % 3 == 0:
            typed_number = typed_number.translate(FULL_WIDTH)
        if i % 5 == 0:
            typed_number = f" {typed_number[:6]} {typed_number[6:14]} {typed_number[14:]} "
        mobile = f"139{i:08d}"
        name = f"张{i:03d}"
        typed_name = name
        if i % 6 == 0:
            name = f"阿依古丽·买买提{i}"
            typed_name = f"阿依古丽 • 买买提{i}" if i % 12 == 0 else name
        elif i % 7 == 0:
            typed_name = f" 张 {i:03d} "
        education, position, political = EDUCATION[i % 11], POSITIONS[i % 7], POLITICAL[i % 6]
        rows.append(
            [
                i + 1,
                township.county if i % 2 else "",
                township.name if i % 3 else township.code,
                typed_name,
                "",
                "",
                typed_number,
                mobile.translate(FULL_WIDTH) if i % 2 else f" {mobile} ",
                position[0],
                education[0],
                political[0],
                ["是", "否", "", "村级后备", "乡镇后备干部"][i % 5],
                "在岗" if i % 10 else "在职",
                "",
                "",
            ]
        )
        expected.append(
            {
                "id_number": number,
                "name": name,
                "mobile": mobile,
                "position": position[1],
                "education": education[1],
                "political_status": political[1],
                "reserve_level": ["township", "", "", "village", "township"][i % 5],
            }
        )
    return rows, expected
