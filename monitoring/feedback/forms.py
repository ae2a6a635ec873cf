"""Forms of the feedback surveys: a round, one paper questionnaire, closing a round."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from peersupport.forms import GovukDateField, govuk_helper, limit_free_text
from peersupport.text import SHORT_TEXT

from . import rules
from .models import RoundKind

ANSWER_CHOICES = [(str(score), words) for score, words in rules.SCALE] + [
    (rules.NOT_ANSWERED, "Not answered")
]


class FeedbackRoundForm(forms.Form):
    """A new round: its title, baseline or follow-up, its dates and who it asks."""

    title = forms.CharField(
        label="Title",
        help_text="For example, Baseline survey, spring 2027",
        max_length=SHORT_TEXT,
        error_messages={"required": "Enter a title for the round"},
    )
    kind = forms.ChoiceField(
        label="Kind of round",
        choices=RoundKind.choices,
        widget=forms.RadioSelect,
        help_text="A baseline is the first measure; follow-ups are compared with it",
        error_messages={
            "required": "Select baseline or follow-up",
            "invalid_choice": "Select baseline or follow-up",
        },
    )
    audiences = forms.MultipleChoiceField(
        label="Who the round asks",
        choices=rules.AUDIENCES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={
            "required": "Select who the round asks",
            "invalid_choice": "Select who the round asks from the list",
        },
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        example = f"For example, {today:%-d %-m %Y}"
        self.fields["opens_on"] = GovukDateField(
            noun="the opening date", label="Opens", help_text=example
        )
        self.fields["closes_on"] = GovukDateField(
            noun="the closing date",
            label="Closes",
            help_text="When you plan to stop collecting questionnaires",
        )
        self.helper = govuk_helper("Start the round")
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size=Size.SMALL),
            "opens_on",
            "closes_on",
            Field.checkboxes("audiences", legend_size=Size.SMALL),
        )
        limit_free_text(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if isinstance(opens, date) and isinstance(closes, date) and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return data


class AudienceForm(forms.Form):
    """Which questionnaire is being entered (a GET form)."""

    audience = forms.ChoiceField(
        label="Which questionnaire are you entering?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which questionnaire you are entering",
            "invalid_choice": "Select which questionnaire you are entering",
        },
    )

    def __init__(self, *args: Any, audiences: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["audience"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(a, rules.AUDIENCE_WORDS[a]) for a in audiences]
        self.helper = govuk_helper("Continue")
        self.helper.layout = Layout(
            Field.radios("audience", legend_size=Size.MEDIUM, legend_tag="h2")
        )


class FeedbackResponseForm(forms.Form):
    """One paper questionnaire: every statement of its audience as radios on the
    agree scale, with "Not answered" for a blank. No free text (rules.py says why)."""

    def __init__(self, *args: Any, audience: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audience = audience
        self.fields["audience"] = forms.CharField(widget=forms.HiddenInput, initial=audience)
        layout: list[Any] = ["audience"]
        for number, question in enumerate(rules.questions_for(audience), start=1):
            self.fields[question.code] = forms.ChoiceField(
                label=f"{number}. {question.statement}",
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select an answer for question {number}, or Not answered",
                    "invalid_choice": f"Choose an answer for question {number} from the list",
                },
            )
            layout.append(
                Field.radios(question.code, legend_size=Size.SMALL, inline=False, small=True)
            )
        self.helper = govuk_helper(None)
        self.helper.layout = Layout(*layout)

    def clean_audience(self) -> str:
        value: str = self.cleaned_data["audience"]
        if value != self.audience:
            raise forms.ValidationError("Select which questionnaire you are entering")
        return value

    def answers(self) -> dict[str, int | str]:
        found: dict[str, int | str] = {}
        for question in rules.questions_for(self.audience):
            value = self.cleaned_data[question.code]
            found[question.code] = value if value == rules.NOT_ANSWERED else int(value)
        return found


class CloseRoundForm(forms.Form):
    """The confirmation: the round's version as the page showed it (anything else is
    taken as stale: the 409 page shows the round as it is now)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def expected_version(self) -> int:
        text = str(self.cleaned_data.get("version") or "").strip()
        return int(text) if text.isascii() and text.isdigit() else 0
