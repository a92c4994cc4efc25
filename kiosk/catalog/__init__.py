"""The forms catalog: procedures and their official forms, loaded from forms_catalog/."""
from kiosk.catalog.schema import FormField, FormItem, FormTemplate, Procedure, Referral  # noqa: F401
from kiosk.catalog.loader import Catalog, CatalogProblem, load_catalog  # noqa: F401
