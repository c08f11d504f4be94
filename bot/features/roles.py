"""How roles and units are named to users."""

from __future__ import annotations

from html import escape

from bot.i18n import _
from bot.models import Role, User


def role_name(role: Role | None) -> str:
    return {
        Role.STAFF: _("staff (teacher/employee)"),
        Role.LEADER: _("unit leader (principal/vice-principal)"),
        Role.ADMIN: _("office admin"),
        None: _("not registered yet"),
    }[role]


def describe_membership(user: User) -> str:
    """E.g. "unit leader (principal/vice-principal) of <b>Trường Mầm non Hoa Sen</b>"."""
    parts = []
    if user.unit and user.role:
        parts.append(_("{role} of <b>{unit}</b>").format(
            role=role_name(user.role), unit=escape(user.unit.name)))
    if user.is_admin:
        parts.append(role_name(Role.ADMIN))
    return _(" and ").join(parts) if parts else role_name(None)
