"""Who applies and how the application arrived (条例 Arts. 29, 31; report table 三's columns)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from gongkai.core.identifiers import is_valid_credit_code, is_valid_id_number

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


MSG_ID_NUMBER_INVALID = "居民身份证号码无效：应为18位，且校验位符合 GB 11643 规则"
MSG_CREDIT_CODE_INVALID = "统一社会信用代码无效：应为18位，且校验位符合 GB 32100 规则"
MSG_ID_NUMBER_REQUIRED = "请填写身份证明的号码"
MSG_ID_TYPE_REQUIRED = "请选择身份证明的类型"
MSG_PERSON_WITH_CREDIT_CODE = "自然人不能以统一社会信用代码作为身份证明"
MSG_ORGANISATION_WITH_PERSONAL_ID = "法人或其他组织请以统一社会信用代码或其他有效证件作为身份证明"
MSG_CONTACT_PERSON_REQUIRED = "法人或其他组织请填写联系人"
MSG_CONTACT_REQUIRED = "请至少填写一种联系方式（电话、电子邮箱或通信地址）"

phone_validator = RegexValidator(r"^[0-9+\-() ]{5,30}$", "联系电话只能包含数字、空格和 + - ( )")
postcode_validator = RegexValidator(r"^\d{6}$", "邮政编码应为6位数字")


def applicant_identity_errors(
    applicant_type: str, id_type: str, id_number: str, contact_person: str = ""
) -> dict[str, str]:
    """Field → Chinese message for an applicant's identity; empty when it is acceptable.

    条例 Art. 29 asks for 身份证明. A resident ID is checked with GB 11643, a credit code with
    GB 32100; other documents (passports, permits) are kept as given.
    """
    errors: dict[str, str] = {}
    number = (id_number or "").strip().upper()
    if not id_type:
        errors["id_type"] = MSG_ID_TYPE_REQUIRED
    if not number:
        errors["id_number"] = MSG_ID_NUMBER_REQUIRED
    elif id_type == IdType.RESIDENT_ID and not is_valid_id_number(number):
        errors["id_number"] = MSG_ID_NUMBER_INVALID
    elif id_type == IdType.CREDIT_CODE and not is_valid_credit_code(number):
        errors["id_number"] = MSG_CREDIT_CODE_INVALID
    organisation = applicant_type in ORGANISATION_TYPES
    if not organisation and id_type == IdType.CREDIT_CODE:
        errors["id_type"] = MSG_PERSON_WITH_CREDIT_CODE
    if organisation and id_type == IdType.RESIDENT_ID:
        errors["id_type"] = MSG_ORGANISATION_WITH_PERSONAL_ID
    if organisation and not (contact_person or "").strip():
        errors["contact_person"] = MSG_CONTACT_PERSON_REQUIRED
    return errors


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
