from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        # The letters of a case are issued after the commit of the action that sends them
        # (docs/workbench.md); the workflow itself builds no documents.
        from gongkai.applications import workflow
        from gongkai.applications.notice_issue import ACTION_KINDS, notice_on_commit

        for action in ACTION_KINDS:
            workflow.hook_register(action, notice_on_commit)
