"""三员分立: grant, revoke and list the platform roles (accounts/roles.py), each change audit-logged.

manage.py platform_role grant <username> system|security|audit
manage.py platform_role revoke <username>
manage.py platform_role list
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.accounts.models import PlatformRoleName
from gongkai.accounts.roles import platform_role_grant, platform_role_revoke, platform_roles_list


def _user(username: str):
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"没有用户名为 {username} 的账号") from exc


class Command(BaseCommand):
    help = "授予、撤销或列出平台角色（系统管理员、安全管理员、审计管理员）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        grant = sub.add_parser("grant", help="授予平台角色")
        grant.add_argument("username")
        grant.add_argument("role", choices=[value for value, _ in PlatformRoleName.choices])
        revoke = sub.add_parser("revoke", help="撤销平台角色")
        revoke.add_argument("username")
        sub.add_parser("list", help="列出平台角色")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "list":
            for row in platform_roles_list():
                when = (
                    timezone.localtime(row["granted_at"]).strftime("%Y-%m-%d %H:%M")
                    if row["granted_at"]
                    else "（超级用户，未登记）"
                )
                self.stdout.write(f"{row['username']}\t{row['label']}\t{when}")
            return
        user = _user(options["username"])
        try:
            if action == "grant":
                platform_role_grant(user, options["role"])
                label = PlatformRoleName(options["role"]).label
                self.stdout.write(f"已授予 {user.get_username()} 平台角色：{label}")
            else:
                role = platform_role_revoke(user)
                label = PlatformRoleName(role).label
                self.stdout.write(f"已撤销 {user.get_username()} 的平台角色：{label}")
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
