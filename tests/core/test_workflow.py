"""The workflow mechanism: declared transitions, who may fire them, and the transition log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import TransitionLog
from gonghui.core.workflow import Transition, Workflow, anyone
from gonghui.members.models import DataRequest
from gonghui.members.workflows import DATA_REQUEST_FLOW, JOIN_FLOW, TRANSFER_FLOW


@pytest.fixture
def request_(world):
    return DataRequest.objects.create(
        member=world.member, org_path=world.member.org_path, kind=DataRequest.Kind.ACCESS
    )


def test_firing_moves_the_state_and_logs_who_when_from_to_and_note(world, request_):
    DATA_REQUEST_FLOW.fire(request_, "complete", actor=world.enterprise_cadre, note="已寄送个人信息副本")
    request_.refresh_from_db()
    assert request_.state == "done"
    log = TransitionLog.objects.get()
    assert (log.transition, log.from_state, log.to_state) == ("complete", "open", "done")
    assert log.actor == world.enterprise_cadre and log.note == "已寄送个人信息副本" and log.at is not None
    assert list(DATA_REQUEST_FLOW.history(request_)) == [log]


def test_a_forbidden_transition_raises_a_chinese_validation_error(world, request_):
    DATA_REQUEST_FLOW.fire(request_, "complete", actor=world.enterprise_cadre)
    with pytest.raises(ValidationError) as exc:
        DATA_REQUEST_FLOW.fire(request_, "decline", actor=world.enterprise_cadre, note="重复")
    assert exc.value.messages == ["当前状态为“已办结”，不能执行“不予更正”。"]
    assert TransitionLog.objects.count() == 1


@pytest.mark.parametrize("persona", ["viewer", "outsider", "worker", "joint_cadre"])
def test_the_wrong_actor_is_refused_and_nothing_changes(world, request_, persona):
    with pytest.raises(PermissionDenied):
        DATA_REQUEST_FLOW.fire(request_, "complete", actor=getattr(world, persona))
    request_.refresh_from_db()
    assert request_.state == "open" and not TransitionLog.objects.exists()


def test_a_read_only_viewer_gets_403_even_on_an_item_already_decided(world, request_):
    DATA_REQUEST_FLOW.fire(request_, "complete", actor=world.enterprise_cadre)
    with pytest.raises(PermissionDenied):
        DATA_REQUEST_FLOW.fire(request_, "decline", actor=world.viewer, note="重复")


def test_a_required_note_must_be_given(world, request_):
    with pytest.raises(ValidationError) as exc:
        DATA_REQUEST_FLOW.fire(request_, "decline", actor=world.enterprise_cadre, note="   ")
    assert "请填写“不予更正”的理由。" in exc.value.message_dict["note"]
    request_.refresh_from_db()
    assert request_.state == "open" and not TransitionLog.objects.exists()


def test_the_state_is_read_from_the_database_not_the_stale_object(world, request_):
    stale = DataRequest.objects.get(pk=request_.pk)
    DATA_REQUEST_FLOW.fire(request_, "complete", actor=world.enterprise_cadre)
    with pytest.raises(ValidationError):
        DATA_REQUEST_FLOW.fire(stale, "complete", actor=world.county_cadre)  # a second approver loses
    assert TransitionLog.objects.count() == 1


def test_available_lists_what_the_actor_may_do(world, request_):
    assert [t.name for t in DATA_REQUEST_FLOW.available(request_, world.enterprise_cadre)] == [
        "complete",
        "decline",
    ]
    assert DATA_REQUEST_FLOW.available(request_, world.viewer) == []


def test_states_have_chinese_labels_and_declarations_are_checked():
    assert JOIN_FLOW.label("submitted") == "待审核" and TRANSFER_FLOW.label("requested") == "待接收"
    assert ("approved", "已通过") in [(k, str(v)) for k, v in JOIN_FLOW.choices()]
    with pytest.raises(AssertionError):
        Workflow(states={"a": "甲"}, transitions=[Transition("go", ("a",), "b", "前进", may=anyone)])
