"""Unit profile (单位信息): names, 主送 organs, contact, the yearly study-hours minimum, whether it collects (汇总)."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

from core import settings
from core.db import Store
from core.errors import RuleViolation

DEFAULT_MIN_STUDY_HOURS = 40.0
# 统一社会信用代码 (GB 32100-2015): 18 characters, digits and capitals without I, O, S, V, Z
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


@dataclass
class UnitProfile:
    full_name: str = ""
    short_name: str = ""
    recipient: str = ""  # 主送, e.g. 区委、区政府
    contact_person: str = ""
    contact_phone: str = ""
    min_study_hours: float = DEFAULT_MIN_STUDY_HOURS
    credit_code: str = ""  # 统一社会信用代码, carried in exchange packages when known
    collects_subordinates: bool = False  # receives 下级单位's exchange packages: shows the 汇总 page

    @property
    def display_short(self) -> str:
        return self.short_name or self.full_name


def load(store: Store) -> UnitProfile:
    data = settings.get(store, "unit.profile") or {}
    known = {f.name for f in fields(UnitProfile)}
    return UnitProfile(**{k: v for k, v in data.items() if k in known})


def save(store: Store, profile: UnitProfile) -> None:
    profile.full_name = profile.full_name.strip()
    profile.short_name = profile.short_name.strip()
    if not profile.full_name:
        raise RuleViolation("请填写单位全称，例如“某某区政务服务数据管理局”。")
    profile.credit_code = profile.credit_code.strip().upper()
    if profile.credit_code and not CREDIT_CODE.match(profile.credit_code):
        raise RuleViolation("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z），请核对；不知道可以不填。")
    if not 0 < float(profile.min_study_hours) <= 1000:
        raise RuleViolation("年度学法学时要求应在 1 到 1000 之间。")
    settings.put(store, "unit.profile", asdict(profile))
