"""Everything the chat assistant says, translatable. Called inside the conversation's
language (``translation.override``), so each function answers in it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cityloop.conf.cityname import city_name


def greeting() -> str:
    return _("Hello! I pass problems you see in %(city)s (a pothole, a broken street light, "
             "rubbish) to the right department, and tell you here when it is fixed.") % {
        "city": city_name()}


def ask_photo() -> str:
    return _("First, send a photo of the problem, or tap Skip.")


def skip() -> str:
    return _("Skip")


def ask_location() -> str:
    return _("Where is it? Tap the button to share your location, or write the address "
             "(street and number, or a landmark).")


def share_location() -> str:
    return _("Share my location")


def photo_received() -> str:
    return _("Thank you for the photo.")


def photo_added() -> str:
    return _("Photo added to your report.")


def photo_refused(reason: str) -> str:
    return _("I could not use that photo: %(reason)s") % {"reason": reason}


def too_many_photos(count: int) -> str:
    return _("Your report already has %(count)d photos, the most it can take.") % {
        "count": count}


def outside_city() -> str:
    return _("That place is outside the city. Share a location inside it, or write the "
             "address.")


def place_not_found() -> str:
    return _("I could not find that place. Share your location with the button, or write "
             "another address.")


def choose_place() -> str:
    return _("Which of these places do you mean?")


def ask_description() -> str:
    return _("Now describe the problem in a few words.")


def describe_in_words() -> str:
    return _("Please describe the problem in words.")


def description_too_long(limit: int) -> str:
    return _("That is too long: at most %(limit)d characters, please.") % {"limit": limit}


def confirm_category() -> str:
    return _("What kind of problem is it? Tap the one that fits.")


def choose_group() -> str:
    return _("Choose a group, or write a word that describes the problem.")


def choose_category() -> str:
    return _("Choose the kind of problem.")


def something_else() -> str:
    return _("Something else")


def no_category_matches() -> str:
    return _("No kind of problem matches that word. Tap one of the buttons, or try another "
             "word.")


def tap_a_button() -> str:
    return _("Please tap one of the buttons above.")


def answer_question(question: str, hint: str) -> str:
    return f"{question}\n{hint}" if hint else question


def filed(reference: str, link: str) -> str:
    return _("Thank you. Your report is %(reference)s. You can see it here: %(link)s\n"
             "I will tell you in this chat when there is news.") % {
        "reference": reference, "link": link}


def refused(problems: str) -> str:
    return _("Your report could not be filed yet: %(problems)s") % {"problems": problems}


def cancelled() -> str:
    return _("Cancelled. Send /start to report a problem.")


def help_text() -> str:
    return _("I take reports of problems in %(city)s.\n"
             "/start: report a problem\n/cancel: start again\n/language: change the language") % {
        "city": city_name()}


def new_report() -> str:
    return _("Report a problem")


def choose_language() -> str:
    return _("Choose your language.")


def language_set() -> str:
    # Translators: said in the language just chosen; name that language (中文).
    return _("I will write in English from now on.")


def rating_thanks() -> str:
    return _("Thank you for your rating.")


def rating_reopened() -> str:
    return _("Thank you. I am sorry it was not fixed well: the case has been reopened and "
             "the department will look at it again.")


def rating_refused(reason: str) -> str:
    return _("I could not record that rating: %(reason)s") % {"reason": reason}


def rating_question() -> str:
    return _("How well was it fixed? Tap 1 (bad) to 5 (very good); 1 or 2 reopens your report.")


def something_went_wrong() -> str:
    return _("Sorry, something went wrong on our side. Please try again in a moment.")


def not_your_report() -> str:
    return _("that report was not made from this chat.")
