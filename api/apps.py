from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # The task module registers the task deliveries are dispatched to (webhook_dispatch).
        import api.tasks  # noqa: F401
        from api.metrics import WebhookDeliveryCollector
        from api.services import fact_check_published
        from claims.signals import publication_made
        from factcheck.metrics import metrics_collector_register

        metrics_collector_register(WebhookDeliveryCollector())

        publication_made.connect(fact_check_published, dispatch_uid="api.fact_check_published")
