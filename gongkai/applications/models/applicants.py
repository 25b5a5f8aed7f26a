"""Who applies and how the application arrived (条例 Arts. 29, 31; report table 三's columns)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from gongkai.core.identifiers import (
    IdentifierProblem,
    Problem,
    credit_code_problem,
    id_number_problem,
)

# --- Applicants (条例 Art. 29; report table 三 columns) --------------------------------------------


class ApplicantType(models.TextChoices):
    """The six applicant columns of report table 三; the last five are 法人或其他组织."""

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


ORGANISATION_TYPES = frozenset(ApplicantType) - {ApplicantType.NATURAL_PERSON}
ORGANISATION_LABEL = "法人或其他组织"

# What an applicant (or the clerk registering for them) fills in (条例 Art. 29).
APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_reference",
    "purpose",
    "provision_form",
    "delivery",
    "fee_waiver_requested",
)


class IdType(models.TextChoices):
    """身份证明 (条例 Art. 29 (一)). Only the two national numbers have check digits."""

    RESIDENT_ID = "resident_id", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    OTHER = "other", "其他有效证件"


# What is wrong with a number, in words an applicant can act on (the rules are GB 11643 and
# GB 32100, `core.identifiers`; the standards' names mean nothing to most people). `{found}` is
# the character as typed, quoted (“A”), or 空格.
MSG_ID_NUMBER_LENGTH = "您输入了{length}位，居民身份证号码应为18位，请对照证件核对"
MSG_ID_NUMBER_CHARACTER = (
    "居民身份证号码第{position}位是{found}，这里应为数字；只有最后一位可能是字母 X"
)
MSG_ID_NUMBER_BIRTH_DATE = (
    "居民身份证号码第7至14位是出生日期，您输入的“{found}”（{year}年{month}月{day}日）"
    "不是实际存在的日期，请核对"
)
MSG_ID_NUMBER_CHECK = (
    "居民身份证号码最后一位校验码不符，可能有数字输错或前后颠倒，请对照证件逐位核对"
)
MSG_CREDIT_CODE_LENGTH = "您输入了{length}位，统一社会信用代码应为18位，请对照营业执照等证书核对"
MSG_CREDIT_CODE_CHARACTER = (
    "统一社会信用代码第{position}位是{found}，代码只由数字和大写英文字母组成，请核对"
)
MSG_CREDIT_CODE_LETTER_NOT_USED = (
    "统一社会信用代码第{position}位是字母{found}，代码中没有这个字母（不使用 I、O、S、V、Z），"
    "这一位可能是{lookalike}，请核对"
)
# What a letter the code leaves out was probably meant to be.
_LOOKALIKES = {"I": "数字 1", "O": "数字 0", "S": "数字 5", "V": "字母 U", "Z": "数字 2"}
MSG_CREDIT_CODE_CHECK = (
    "统一社会信用代码最后一位校验码不符，可能有字符输错或前后颠倒，请对照营业执照等证书逐位核对"
)
MSG_ID_NUMBER_REQUIRED = "请填写身份证明号码"
MSG_ID_TYPE_REQUIRED = "请选择身份证明类型"
MSG_PERSON_WITH_CREDIT_CODE = (
    "您选择的申请人类型是自然人，身份证明请选居民身份证、护照或通行证；"
    "以单位名义申请的，请在“申请人类型”中选择单位的类型"
)
MSG_ORGANISATION_WITH_PERSONAL_ID = (
    "以单位名义申请的，身份证明请选统一社会信用代码或其他有效证件；"
    "以个人名义申请的，请在“申请人类型”中选择“自然人”"
)
MSG_CONTACT_PERSON_REQUIRED = "以单位名义申请的，请填写联系人：负责本申请的工作人员姓名"
MSG_CONTACT_REQUIRED = (
    "请至少填写一种联系方式（联系电话、电子邮箱或通信地址），以便受理机关与您联系"
)

_ID_NUMBER_MESSAGES = {
    Problem.LENGTH: MSG_ID_NUMBER_LENGTH,
    Problem.CHARACTER: MSG_ID_NUMBER_CHARACTER,
    Problem.BIRTH_DATE: MSG_ID_NUMBER_BIRTH_DATE,
    Problem.CHECK: MSG_ID_NUMBER_CHECK,
}
_CREDIT_CODE_MESSAGES = {
    Problem.LENGTH: MSG_CREDIT_CODE_LENGTH,
    Problem.CHARACTER: MSG_CREDIT_CODE_CHARACTER,
    Problem.LETTER_NOT_USED: MSG_CREDIT_CODE_LETTER_NOT_USED,
    Problem.CHECK: MSG_CREDIT_CODE_CHECK,
}

phone_validator = RegexValidator(r"^[0-9+\-() ]{5,30}$", "联系电话只能包含数字、空格和 + - ( )")
postcode_validator = RegexValidator(r"^\d{6}$", "邮政编码应为6位数字")


def applicant_identity_errors(
    applicant_type: str, id_type: str, id_number: str, contact_person: str = ""
) -> dict[str, str]:
    """Field → Chinese message for an applicant's identity; empty when it is acceptable.

    条例 Art. 29 asks for 身份证明. A resident ID is checked with GB 11643, a credit code with
    GB 32100, and the message says what is wrong (`identifier_message`); other documents
    (passports, permits) are kept as given. Shared by the public form, the model's `clean` and
    the CSV import.
    """
    errors: dict[str, str] = {}
    number = (id_number or "").strip()
    problem = None
    if id_type == IdType.RESIDENT_ID:
        problem = id_number_problem(number)
    elif id_type == IdType.CREDIT_CODE:
        problem = credit_code_problem(number)
    if not id_type:
        errors["id_type"] = MSG_ID_TYPE_REQUIRED
    if not number:
        errors["id_number"] = MSG_ID_NUMBER_REQUIRED
    elif problem is not None:
        errors["id_number"] = identifier_message(id_type, problem)
    organisation = applicant_type in ORGANISATION_TYPES
    if not organisation and id_type == IdType.CREDIT_CODE:
        errors["id_type"] = MSG_PERSON_WITH_CREDIT_CODE
    if organisation and id_type == IdType.RESIDENT_ID:
        errors["id_type"] = MSG_ORGANISATION_WITH_PERSONAL_ID
    if organisation and not (contact_person or "").strip():
        errors["contact_person"] = MSG_CONTACT_PERSON_REQUIRED
    return errors


def identifier_message(id_type: str, problem: IdentifierProblem) -> str:
    """The applicant's message for what is wrong with a resident ID number or a credit code."""
    messages = _ID_NUMBER_MESSAGES if id_type == IdType.RESIDENT_ID else _CREDIT_CODE_MESSAGES
    found = problem.found
    quoted = "空格" if found.isspace() else f"“{found}”"
    return messages[problem.problem].format(
        length=problem.length,
        position=problem.position,
        found=found if problem.problem == Problem.BIRTH_DATE else quoted,
        lookalike=_LOOKALIKES.get(found.upper(), ""),
        year=found[:4],
        month=found[4:6].lstrip("0") or "0",
        day=found[6:8].lstrip("0") or "0",
    )


# --- How the application arrived (条例 Art. 31) -----------------------------------------------------


class Channel(models.TextChoices):
    """条例 Art. 31 fixes the receipt date (收到申请之日) by channel; see `RECEIPT_DATE_RULES`."""

    ONLINE = "online", "互联网（在线申请）"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮寄签收"
    ORDINARY_POST = "ordinary_post", "平常信函"
    FAX = "fax", "传真"


RECEIPT_DATE_RULES = {
    Channel.ONLINE: "平台向申请人出具受理编号之时（双方确认之日）",
    Channel.IN_PERSON: "申请人提交之日",
    Channel.REGISTERED_POST: "行政机关签收之日",
    Channel.ORDINARY_POST: "政府信息公开工作机构与申请人确认之日",
    Channel.FAX: "双方确认之日",
}


class ProvisionForm(models.TextChoices):
    """政府信息的提供形式 (条例 Art. 29 (三), Art. 40)."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子数据"
    INSPECTION = "inspection", "当场查阅、抄录"
    OTHER = "other", "其他"


class Delivery(models.TextChoices):
    """获取信息的方式 (条例 Art. 29 (三))."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"
    FAX = "fax", "传真"
