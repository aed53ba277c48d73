"""Blocks of an article and their roles: body, lead, teasers, captions with credits, images."""

from transforms.structure.blocks import analyze_structure
from transforms.structure.credits import AgencyTable

__all__ = ["AgencyTable", "analyze_structure"]
