"""National overview pages: every municipality, sortable, filterable, exportable."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Response, render_template, request
from flask_babel import format_number
from flask_login import current_user

from mcm.core.labels import MECHANISM_STATUS_LABELS
from mcm.extensions import db
from mcm.mechanisms.models import MechanismStatus
from mcm.overview import bp, exports
from mcm.overview.services import NO_STAGE, SORT_KEYS, Filters, overview, regions
from mcm.partners.models import PartnerOrganisation, PartnershipStage, stage_label
from mcm.partners.policy import partner_organisation_id
from mcm.partners.services import today
from mcm.reference.models import Region


def _filters(known_regions: list[Region]) -> Filters:
    """The filters and order in the query string; anything unknown is ignored."""
    args = request.args
    region = args.get("region") or None
    status = args.get("status") or None
    stage = args.get("stage") or None
    sort = args.get("sort", "municipality")
    return Filters(
        region=region if region in {r.code for r in known_regions} else None,
        status=status if status in {s.value for s in MechanismStatus} else None,
        stage=stage if stage in {s.value for s in PartnershipStage} | {NO_STAGE} else None,
        sort=sort if sort in SORT_KEYS else "municipality",
        descending=args.get("dir") == "desc",
    )


def _query(filters: Filters) -> dict[str, str]:
    """The filters as query-string values, for links that keep them."""
    values = {"region": filters.region, "status": filters.status, "stage": filters.stage}
    values |= {"sort": filters.sort, "dir": "desc" if filters.descending else "asc"}
    return {k: v for k, v in values.items() if v}


@bp.route("/")
def index() -> Any:
    """All municipalities by region: mechanism, members, MoU coverage, partner pipeline."""
    all_regions = regions()
    filters = _filters(all_regions)
    organisation_id = partner_organisation_id(current_user)
    organisation = db.session.get(PartnerOrganisation, organisation_id) if organisation_id else None
    grouped = overview(current_user, filters)
    statuses = [(s.value, MECHANISM_STATUS_LABELS[s.value]) for s in MechanismStatus]
    return render_template(
        "overview/index.html",
        regions=grouped,
        # labels and figures repeated on every row are formatted once per page
        status_labels={value: str(label) for value, label in statuses},
        stage_labels={stage: stage_label(stage) for stage in (None, *PartnershipStage)},
        number=lru_cache(maxsize=None)(format_number),
        all_regions=all_regions,
        statuses=statuses,
        stages=[(NO_STAGE, stage_label(None))]
        + [(s.value, stage_label(s)) for s in PartnershipStage],
        filters=filters,
        query=_query(filters),
        organisation=organisation,
        shown=sum(len(rows) for _region, rows in grouped),
    )


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    name = f"mcm-overview-{today().isoformat()}.{extension}"
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/export.csv")
def export_csv() -> Any:
    """The overview as it is filtered and sorted, as CSV."""
    grouped = overview(current_user, _filters(regions()))
    return _download(exports.to_csv(grouped), "text/csv", "csv")


@bp.route("/export.xlsx")
def export_xlsx() -> Any:
    """The overview as it is filtered and sorted, as an Excel workbook."""
    grouped = overview(current_user, _filters(regions()))
    return _download(
        exports.to_xlsx(grouped),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )
