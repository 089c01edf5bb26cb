import factory

from accounts.enums import EmailState
from accounts.models import OutboundEmail, User
from accounts.services.outbox import render_email


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@ccg.example.nhs.uk")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery staple")


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    """A queued email as the outbox holds it, without enqueueing its delivery."""

    class Meta:
        model = OutboundEmail

    class Params:
        rendered = factory.LazyAttribute(
            lambda o: render_email(template=o.template, context=o.context)
        )

    idempotency_key = factory.Sequence(lambda n: f"test-email:{n}")
    template = "service_check"
    to = factory.Sequence(lambda n: f"recipient{n}@ccg.example.nhs.uk")
    context = factory.LazyFunction(lambda: {"requested_by": "a test"})
    subject = factory.LazyAttribute(lambda o: o.rendered.subject)
    body_text = factory.LazyAttribute(lambda o: o.rendered.body_text)
    body_html = factory.LazyAttribute(lambda o: o.rendered.body_html)
    state = EmailState.PENDING
