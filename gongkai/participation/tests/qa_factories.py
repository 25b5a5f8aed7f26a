"""Policy Q&A entries for the tests, made through the real workflow (never by setting `status`)."""

from __future__ import annotations

from gongkai.bodies.models import Body
from gongkai.participation import qa_workflow as flow
from gongkai.participation.models import PolicyQuestion
from gongkai.testing import personas

QUESTION = "老旧小区加装电梯，每台补贴多少？"
ANSWER = "根据《关于老旧小区加装电梯的实施意见》第五条，每台补贴不超过20万元。"


def policy(body: Body, title: str = "关于老旧小区加装电梯的实施意见", **fields):
    fields.setdefault("doc_number", "甘政办发〔2025〕7号")
    return personas.publish_document(body, title=title, **fields)


def question_in(body: Body, state: str, *, author, reviewer, document=None) -> PolicyQuestion:
    """An entry of `body` brought to `state` (a status) by the workflow's own actions."""
    document = document or policy(body)
    entry = flow.question_create(
        user=author,
        body=body,
        question=QUESTION,
        answer=ANSWER,
        topic="城乡建设、环境保护\\城市规划",
        bases=[(document, "第五条")],
    )
    if state == "draft":
        return entry
    flow.question_submit(entry, user=author)
    if state == "in_review":
        return PolicyQuestion.objects.get(pk=entry.pk)
    flow.question_publish(entry, user=reviewer)
    if state == "withdrawn":
        flow.question_withdraw(entry, user=reviewer, note="政策已修改")
    return PolicyQuestion.objects.get(pk=entry.pk)
