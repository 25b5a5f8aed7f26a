"""What public participation did in a year, for the annual report's narrative (section 一:
回应关切 and 政民互动) and the openness office: consultations opened and their comments, feedback
reports published, letters received and answered (within the limit), policy Q&A and hot topics
published. Counted from the platform's own records, by the day each thing happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.bodies.models import Body
from gongkai.core.dates import end_of_day_exclusive, start_of_day
from gongkai.participation.letter_selectors import MailboxStatistics, mailbox_statistics
from gongkai.participation.models import (
    Comment,
    ConsultationPage,
    HotTopic,
    PolicyQuestion,
    QuestionStatus,
    TopicStatus,
)


@dataclass(frozen=True)
class ParticipationYear:
    consultations: int  # opened in the year
    comments: int  # received in the year, on the body's consultations
    feedback_reports: int  # 意见采纳情况 published in the year
    letters: MailboxStatistics  # received in the year by the body (after transfers)
    questions: int  # 简明问答 published in the year (and not withdrawn since)
    topics: int  # 热点回应 published in the year (and not withdrawn since)

    @property
    def any(self) -> bool:
        return bool(
            self.consultations
            or self.comments
            or self.letters.received
            or self.questions
            or self.topics
        )


def participation_year(body: Body, year: int) -> ParticipationYear:
    start = start_of_day(date(year, 1, 1))
    end = end_of_day_exclusive(date(year, 12, 31))
    consultations = ConsultationPage.objects.live().filter(body=body)
    return ParticipationYear(
        consultations=consultations.filter(opens_on__year=year).count(),
        comments=Comment.objects.filter(consultation__body=body, received_on__year=year).count(),
        feedback_reports=consultations.filter(
            feedback_published_at__gte=start, feedback_published_at__lt=end
        ).count(),
        letters=mailbox_statistics(body, year=year),
        questions=PolicyQuestion.objects.filter(
            body=body,
            status=QuestionStatus.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        ).count(),
        topics=HotTopic.objects.filter(
            body=body, status=TopicStatus.PUBLISHED, published_at__gte=start, published_at__lt=end
        ).count(),
    )


def participation_sentence(counts: ParticipationYear, year: int) -> str:
    """One sentence for the narrative; empty when nothing happened."""
    if not counts.any:
        return ""
    parts = []
    if counts.consultations or counts.comments:
        part = f"开展意见征集{counts.consultations}次，收到意见{counts.comments}条"
        if counts.feedback_reports:
            part += f"，公布意见采纳情况{counts.feedback_reports}次"
        parts.append(part)
    letters = counts.letters
    if letters.received:
        part = f"领导信箱、部门信箱收到来信{letters.received}封，已答复{letters.replied}封"
        if letters.within_limit_percent is not None:
            part += f"，在答复时限内答复的占{letters.within_limit_percent:g}%"
        parts.append(part)
    if counts.questions:
        parts.append(f"发布简明问答{counts.questions}条")
    if counts.topics:
        parts.append(f"发布热点回应{counts.topics}条")
    return f"{year}年，" + "；".join(parts) + "。"
