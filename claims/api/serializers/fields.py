"""Serializer fields that take JSON as the schema says: a string is a string, a number a number.

DRF's fields are lenient by default: "5" passes as an integer, 0 as a boolean, 12 as a string,
and an empty string as no speaker at all. A client then sees one rule in the OpenAPI schema and
another in the API. These fields refuse what the schema refuses, with the field's usual message. Relations
are written by slug; a private individual stays hidden (null) from the public.
"""

import re
from urllib.parse import urlsplit

from django.core.validators import RegexValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.permissions import reader
from claims.models import Speaker
from claims.querysets import named_to


class JSONTypeMixin:
    json_types: tuple = ()

    def to_internal_value(self, data):
        if isinstance(data, bool) != (bool in self.json_types) or not isinstance(data, self.json_types):
            self.fail("invalid")
        return super().to_internal_value(data)


# Text that must not be blank once trimmed has a character other than whitespace (as str.isspace()
# reads it: U+0085 and U+001F are whitespace too). The schema says so with this validator's pattern.
# Written out rather than \S, which JSON Schema's regular expressions (ECMA 262) read otherwise.
NOT_WHITESPACE = r"[^\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
NOT_ONLY_WHITESPACE = RegexValidator(NOT_WHITESPACE, message="This field may not be blank.", code="blank")


class StrictCharField(JSONTypeMixin, serializers.CharField):
    json_types = (str,)
    default_error_messages = {"invalid": "Not a valid string."}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.trim_whitespace and not self.allow_blank and not self.read_only:
            if not any(isinstance(validator, RegexValidator) for validator in self.validators):
                self.validators.append(NOT_ONLY_WHITESPACE)


WEB_ADDRESS = r"^https?://[^\s/?#@:]+(?::[0-9]+)?(?:[/?#][^\s]*)?$"


@extend_schema_field({"type": "string", "format": "uri", "pattern": WEB_ADDRESS, "maxLength": 500})
class WebAddressField(StrictCharField):
    """An http(s) address with a host (and no user name): the schema's pattern, checked as written."""

    default_error_messages = {"invalid_address": "Enter an http:// or https:// address."}

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if not re.fullmatch(WEB_ADDRESS, text):
            self.fail("invalid_address")
        try:
            urlsplit(text)
        except ValueError:
            self.fail("invalid_address")
        return text


class StrictSlugField(JSONTypeMixin, serializers.SlugField):
    json_types = (str,)
    default_error_messages = {"invalid": "Not a valid string."}


class StrictIntegerField(JSONTypeMixin, serializers.IntegerField):
    json_types = (int,)


class StrictFloatField(JSONTypeMixin, serializers.FloatField):
    json_types = (int, float)


class StrictBooleanField(JSONTypeMixin, serializers.BooleanField):
    json_types = (bool,)


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A record named by its id, a JSON integer ("5" is not one)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictSlugRelatedField(serializers.SlugRelatedField):
    """A record named by its slug; "" is an error, not a way of writing null."""

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().run_validation(data)


DECIMAL_TEXT = r"^-?\d{1,16}(?:\.\d{1,4})?$"


@extend_schema_field({"type": "string", "format": "decimal", "pattern": DECIMAL_TEXT, "example": "680"})
class DecimalTextField(serializers.DecimalField):
    """A quantity's number, written as text ("680", "-12.5"), as the API writes it back."""

    default_error_messages = {"invalid": 'Write the number as text with at most 4 decimals, like "680" or "12.5".'}

    def __init__(self, **kwargs):
        super().__init__(max_digits=20, decimal_places=4, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(DECIMAL_TEXT, data):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose generated fields are the strict ones above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.URLField: WebAddressField,
        models.IntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.FloatField: StrictFloatField,
        models.BooleanField: StrictBooleanField,
    }
    serializer_related_field = StrictPrimaryKeyRelatedField


def slug_field(queryset, **kwargs):
    return StrictSlugRelatedField(slug_field="slug", queryset=queryset, **kwargs)


class SpeakerSlugField(StrictSlugRelatedField):
    """A speaker's slug; a private individual's stays hidden (null) from the public."""

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs["queryset"] = Speaker.objects.all()
        super().__init__(slug_field="slug", **kwargs)

    def to_representation(self, speaker):
        if not named_to(speaker, reader(self.context)):
            return None
        return super().to_representation(speaker)


class SnippetMixin(serializers.Serializer):
    """With `q`, the matching words in context, marked with <mark>; null otherwise."""

    snippet = serializers.SerializerMethodField()

    def get_snippet(self, obj) -> str | None:
        return getattr(obj, "snippet", None)
