"""The 扩展资料 mobile check of the form agrees with the server's (customer_ext_mobile_check, 0018):
a Hong Kong or Macau number may be kept (SMS skips it with its reason, FAQ 40)."""

import pytest

from crm_desktop.services.customer_detail import validate_ext


@pytest.mark.parametrize("mobile", ["13800138000", "19912345678", "+85291234567", "0085361234567", "+447911123456"])
def test_mainland_and_international_numbers_pass(mobile):
    assert "mobile" not in validate_ext({"mobile": mobile})


@pytest.mark.parametrize("mobile", ["12800138000", "1380013800", "+0852912345", "+852 9123 4567", "00123",
                                    "+8529123456789012345", "１３８００１３８０００"])
def test_other_numbers_are_refused_as_a_format_error(mobile):
    assert validate_ext({"mobile": mobile})["mobile"] == "format"
