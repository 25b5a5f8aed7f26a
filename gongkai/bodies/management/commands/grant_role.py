from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.bodies.models import Body, BodyRole
from gongkai.bodies.services import body_grant_role


class Command(BaseCommand):
    help = "授予用户在某机关的角色（信息员 editor、审核 reviewer、站点管理员 site_admin、依申请公开承办人 clerk、政府信息公开工作机构负责人 office_head）"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("body_code")
        parser.add_argument("role", choices=[v for v, _ in BodyRole.choices])

    def handle(self, *args, username, body_code, role, **options):
        user = get_user_model().objects.filter(username=username).first()
        body = Body.objects.filter(code=body_code).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        if body is None:
            raise CommandError(f"机关不存在：{body_code}")
        try:
            body_grant_role(user, body, role)
        except (
            ValidationError
        ) as refused:  # e.g. 三员分立: a platform administrator holds no body role
            raise CommandError("；".join(refused.messages)) from refused
        self.stdout.write(f"已授予 {username} 在 {body.name} 的角色：{BodyRole(role).label}")
