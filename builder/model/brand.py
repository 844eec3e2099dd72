"""brands/<brand-id>.yml"""

from __future__ import annotations

from pydantic import Field

from builder.model.common import Extra, Model


class Signatory(Model):
    name: str = Field(description="Person who signs contracts for the brand.")
    title: str = Field(description="Their job title, printed under the signature line.")


class Contact(Model):
    email: str = Field(description="Address creators write to about campaigns.")
    name: str | None = Field(None, description="Contact person, if not the signatory.")
    phone: str | None = None


class Brand(Model):
    """A brand that runs campaigns; its legal details go into contracts."""

    name: str = Field(description="Display name, e.g. 'Lumen Skin'.")
    legal_name: str = Field(description="Legal entity that signs contracts.")
    address: str = Field(description="Registered address, one line.")
    signatory: Signatory
    contact: Contact
    handles: dict[str, str] = Field(default_factory=dict,
                                    description="Social handles by platform, e.g. instagram: '@x'.")
    website: str | None = None
    link_version: int = Field(0, ge=0, description="Raise by one to revoke this brand's private "
                                                   "link and issue a new one.")
    extra: Extra = Field(default_factory=dict)
