from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from api.services import fact_check_changed
        from claims.signals import claim_changed

        claim_changed.connect(fact_check_changed, dispatch_uid="api.fact_check_changed")
