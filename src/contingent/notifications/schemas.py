from datetime import datetime

from ninja import Schema


class AcknowledgementOut(Schema):
    name: str
    email: str
    acknowledged_at: datetime | None
    acknowledged_via: str


class AcknowledgementsOut(Schema):
    version_id: int
    total: int
    acknowledged: int
    recipients: list[AcknowledgementOut]


class MessageOut(Schema):
    id: int
    to: str
    subject: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime
    record: str
    eml_id: int | None
