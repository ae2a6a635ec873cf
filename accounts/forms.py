from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from peersupport.forms import govuk_helper, limit_free_text


class SignInForm(AuthenticationForm):
    # One message for every failure, so the page never tells whether an account exists.
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "Enter a correct username and password",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false", "class": "govuk-!-width-one-half"}
        )
        self.fields["password"].widget.attrs.update({"class": "govuk-!-width-one-half"})
        # GOV.UK advises against autofocus: it skips the page's heading for screen readers.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.helper = govuk_helper("Sign in")
        limit_free_text(self)


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right: enter it again",
            "password_mismatch": "The two new passwords do not match",
        }
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-!-width-one-half"
            field.widget.attrs.pop("autofocus", None)
        self.helper = govuk_helper("Change password")

    field_order = ["old_password", "new_password1", "new_password2"]
