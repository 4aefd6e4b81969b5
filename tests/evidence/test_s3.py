"""The production option: the same evidence store on an S3-compatible object store (moto plays S3)."""

import boto3
import pytest
from moto import mock_aws

from contingent.evidence.services import EvidenceDamaged, add_evidence, open_evidence, verify_evidence


@pytest.fixture
def bucket(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        boto3.client("s3", region_name="eu-west-1").create_bucket(
            Bucket="evidence-test", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "evidence": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "evidence-test",
                    "region_name": "eu-west-1",
                    "location": "evidence",
                    "file_overwrite": False,
                    "default_acl": None,
                },
            },
        }
        yield boto3.client("s3", region_name="eu-west-1")


def test_evidence_lives_in_the_bucket_and_is_checked_there(cast, bucket):
    evidence = add_evidence(cast["sclead"], "exercises/2026", "report.txt", b"failover in 42 minutes")
    key = f"evidence/{evidence.sha256[:2]}/{evidence.sha256}"
    assert bucket.get_object(Bucket="evidence-test", Key=key)["Body"].read() == b"failover in 42 minutes"
    assert open_evidence(cast["sclead"], evidence).read() == b"failover in 42 minutes"
    assert verify_evidence().intact

    bucket.put_object(Bucket="evidence-test", Key=key, Body=b"failover in 4 hours")
    with pytest.raises(EvidenceDamaged):
        open_evidence(cast["sclead"], evidence)
    assert verify_evidence().damaged == evidence
