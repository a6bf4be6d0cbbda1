"""Turn detection (claimledger/ledger/alerts.py) on hand-built story details: no database."""
from __future__ import annotations

from claimledger.ledger.alerts import as_of, turns


def position(article, status, source="Ramon Tiongco", source_id=1, named=True, published="2026-03-02"):
    return {"article_id": article, "outlet": f"{article}.example", "published": published, "source": source,
            "source_id": source_id, "status": status, "claim_text": "14 people died", "claim_id": f"{article}:c1",
            "source_named": named}


def estimate(article, low, high=None, unit="people", source="coast guard", published="2026-03-02"):
    return {"article_id": article, "outlet": f"{article}.example", "published": published, "source": source,
            "low": low, "high": low if high is None else high, "approximate": False, "unit": unit,
            "text": f"{low} {unit}"}


def story(positions=(), estimates=(), cluster_id=7):
    articles = sorted({p["article_id"] for p in positions} | {e["article_id"] for e in estimates})
    return {"id": 3, "label": "Ferry capsizes", "first_seen": "2026-03-02", "last_seen": "2026-03-04",
            "articles": [{"id": a, "outlet": f"{a}.example", "published": "2026-03-02"} for a in articles],
            "clusters": [{"id": cluster_id, "label": "14 people died", "positions": list(positions),
                          "estimates": list(estimates)}]}


def replay(detail, order):
    """Every alert raised when the articles arrive in ``order``."""
    raised = []
    for i, article in enumerate(order):
        raised += turns(as_of(detail, order[:i]), as_of(detail, order[:i + 1]), article)
    return raised


def test_first_denial_after_confirmations_is_one_alert():
    detail = story([position("a", "confirmed"), position("b", "asserted", "Port authority", 2),
                    position("c", "confirmed", "Coast guard", 3),
                    position("d", "denied", "Elena Marquez", 4, published="2026-03-04")])
    raised = replay(detail, ["a", "b", "c", "d"])
    assert [a["kind"] for a in raised] == ["turned"]
    alert = raised[0]
    assert (alert["story_id"], alert["cluster_id"], alert["article_id"]) == (3, 7, "d")
    assert "First denial after 3 confirmations" in alert["message"] and "Elena Marquez" in alert["message"]
    assert alert["payload"]["direction"] == "denied" and alert["payload"]["previous"]["firm"] == 3


def test_a_second_denial_is_no_new_turn():
    detail = story([position("a", "confirmed"), position("b", "denied", "X", 2), position("c", "denied", "Y", 3)])
    assert [a["article_id"] for a in replay(detail, ["a", "b", "c"])] == ["b"]


def test_first_confirmation_after_denials_only():
    detail = story([position("a", "denied", "Moscow", 1), position("b", "denied", "Pyongyang", 2),
                    position("c", "confirmed", "Lloyd Austin", 3)])
    raised = replay(detail, ["a", "b", "c"])
    assert len(raised) == 1 and raised[0]["payload"]["direction"] == "confirmed"
    assert "after 2 denials" in raised[0]["message"]


def test_reported_positions_do_not_turn_a_cluster():
    detail = story([position("a", "reported"), position("b", "denied", "X", 2)])
    assert replay(detail, ["a", "b"]) == []


def test_estimate_outside_the_range_so_far():
    detail = story(estimates=[estimate("a", 14), estimate("b", 17), estimate("c", 15),
                              estimate("d", 30, source="fishermen")])
    raised = replay(detail, ["a", "b", "c", "d"])
    # 17 widens the range 14..14 (above); 15 is inside 14..17; 30 is above it again
    assert [(a["article_id"], a["payload"]["direction"]) for a in raised] == [("b", "above"), ("d", "above")]
    assert raised[1]["payload"]["range"] == [14.0, 17.0]
    assert "30 people" in raised[1]["message"] and "fishermen" in raised[1]["message"]


def test_estimates_of_other_things_are_compared_apart():
    detail = story(estimates=[estimate("a", 14), estimate("b", 118, unit="passengers")])
    assert replay(detail, ["a", "b"]) == []


def test_first_named_source_after_one_unnamed_one():
    detail = story([position("a", "reported", "officials", 9, named=False),
                    position("b", "reported", "officials", 9, named=False),
                    position("c", "confirmed", "Ramon Tiongco", 1, named=True)])
    raised = replay(detail, ["a", "b", "c"])
    assert [a["kind"] for a in raised] == ["named_source"]
    assert raised[0]["payload"]["previous_source"] == "officials"


def test_no_named_source_alert_when_two_unnamed_sources_carried_it():
    detail = story([position("a", "reported", "officials", 9, named=False),
                    position("b", "reported", "police", 10, named=False),
                    position("c", "reported", "Ramon Tiongco", 1)])
    assert replay(detail, ["a", "b", "c"]) == []


def test_a_cluster_the_article_opens_raises_nothing():
    detail = story([position("a", "denied")])
    assert turns(None, detail, "a") == []
    assert as_of(detail, []) is None
