//! The diff, pure: a plan against an account built by hand, and a small model of the AWS
//! rules that applies a changeset to it. The model refuses what AWS refuses (creating over
//! an existing name, changing the instance type of a variant with autoscaling attached,
//! policies without a target, deleting a config an endpoint still uses), so every test
//! that applies a changeset also checks its order. A property test changes the plan at
//! random and checks that one apply always converges.

use std::collections::BTreeMap;

use gpuplan_core::catalog::Catalog;
use gpuplan_core::deploy::names::{PLAN_TAG, SPEC_HASH_TAG, endpoint_of_resource_id};
use gpuplan_core::deploy::{
    Action, Changeset, DeploymentQuery, DesiredDeployment, ForeignResource, ObservedAlarm,
    ObservedDeployment, ObservedEndpoint, ObservedEndpointConfig, ObservedModel,
    ObservedScalableTarget, ObservedScalingPolicy, ObservedScheduledAction, ObservedVariant,
    ResourceKind, SavedOperation, SavedPlan, SavedPlanError, Step, destroy_all, diff,
};
use gpuplan_core::plan::{self, Plan};
use gpuplan_core::region::Region;
use proptest::prelude::*;

const THEATER: &str = "plans/theater-g5.toml";

fn theater_text() -> String {
    std::fs::read_to_string(format!("{}/../../{THEATER}", env!("CARGO_MANIFEST_DIR")))
        .expect("the theater plan")
}

fn load(text: &str) -> Plan {
    plan::load(THEATER, text, Catalog::embedded(), &|_| {
        Err("no files".to_string())
    })
    .expect("the plan is valid")
    .plan
}

fn desired(text: &str) -> DesiredDeployment {
    DesiredDeployment::of(&load(text)).expect("the plan can be deployed")
}

/// Applies a changeset to the account model, as AWS would, refusing what AWS refuses.
fn apply(account: &mut ObservedDeployment, changeset: &Changeset) {
    for change in &changeset.endpoints {
        for step in &change.steps {
            apply_step(account, step);
        }
    }
    account.sort();
}

fn apply_step(account: &mut ObservedDeployment, step: &Step) {
    match step {
        Step::CreateModel {
            name,
            definition,
            tags,
        } => {
            assert!(
                account.model(name).is_none(),
                "Cannot create already existing model {name}"
            );
            account.models.push(ObservedModel {
                name: name.clone(),
                tags: tags.clone(),
                definition: Some(definition.clone()),
            });
        }
        Step::CreateEndpointConfig {
            name,
            definition,
            tags,
        } => {
            assert!(
                account.endpoint_config(name).is_none(),
                "Cannot create already existing endpoint configuration {name}"
            );
            assert!(
                account.model(&definition.model_name).is_some(),
                "{name}: its model does not exist"
            );
            account.endpoint_configs.push(ObservedEndpointConfig {
                name: name.clone(),
                tags: tags.clone(),
                definition: Some(definition.clone()),
            });
        }
        Step::CreateEndpoint {
            name,
            config_name,
            tags,
        } => {
            assert!(
                account.endpoint(name).is_none(),
                "Cannot create already existing endpoint {name}"
            );
            let count = account
                .endpoint_config(config_name)
                .expect("the config exists")
                .definition
                .as_ref()
                .unwrap()
                .initial_instance_count;
            account.endpoints.push(ObservedEndpoint {
                name: name.clone(),
                tags: tags.clone(),
                status: "InService".into(),
                config_name: config_name.clone(),
                failure_reason: None,
                variants: vec![ObservedVariant {
                    name: "AllTraffic".into(),
                    current_instance_count: Some(count),
                    desired_instance_count: Some(count),
                }],
            });
        }
        Step::UpdateEndpoint {
            name,
            config_name,
            retain_variant_properties,
        } => {
            let new_type = account
                .endpoint_config(config_name)
                .expect("Could not find endpoint configuration")
                .definition
                .clone()
                .unwrap()
                .instance_type;
            let endpoint = account
                .endpoint(name)
                .expect("Could not find endpoint")
                .clone();
            let old_type = account
                .endpoint_config(&endpoint.config_name)
                .unwrap()
                .definition
                .clone()
                .unwrap()
                .instance_type;
            let resource_id = format!("endpoint/{name}/variant/AllTraffic");
            assert!(
                old_type == new_type || account.scalable_target(&resource_id).is_none(),
                "{name}: the instance type changes ({old_type} -> {new_type}) with autoscaling attached"
            );
            if account.scalable_target(&resource_id).is_some() {
                assert!(
                    retain_variant_properties,
                    "{name}: an update would reset the autoscaled instance count"
                );
            }
            let endpoint = account
                .endpoints
                .iter_mut()
                .find(|e| e.name == *name)
                .unwrap();
            endpoint.config_name = config_name.clone();
        }
        Step::WaitInService { name, config_name } => {
            let endpoint = account.endpoint(name).expect("the endpoint exists");
            assert_eq!(&endpoint.config_name, config_name);
        }
        Step::DeleteEndpoint { name } => account.endpoints.retain(|e| e.name != *name),
        Step::WaitDeleted { name } => assert!(account.endpoint(name).is_none()),
        Step::DeleteEndpointConfig { name } => {
            assert!(
                account.endpoints.iter().all(|e| e.config_name != *name),
                "{name} is still used by an endpoint"
            );
            account.endpoint_configs.retain(|c| c.name != *name);
        }
        Step::DeleteModel { name } => {
            assert!(
                account
                    .endpoint_configs
                    .iter()
                    .all(|c| c.definition.as_ref().unwrap().model_name != *name),
                "{name} is still used by an endpoint config"
            );
            account.models.retain(|m| m.name != *name);
        }
        Step::RegisterScalableTarget {
            resource_id,
            definition,
            ..
        } => {
            let endpoint = endpoint_of_resource_id(resource_id).unwrap();
            assert!(
                account.endpoint(endpoint).is_some(),
                "{resource_id}: no such endpoint"
            );
            account
                .scalable_targets
                .retain(|t| t.resource_id != *resource_id);
            account.scalable_targets.push(ObservedScalableTarget {
                resource_id: resource_id.clone(),
                definition: *definition,
            });
        }
        Step::DeregisterScalableTarget { resource_id } => {
            account
                .scalable_targets
                .retain(|t| t.resource_id != *resource_id);
            // AWS deletes the target's policies and scheduled actions with it.
            account
                .scaling_policies
                .retain(|p| p.resource_id != *resource_id);
            account
                .scheduled_actions
                .retain(|a| a.resource_id != *resource_id);
        }
        Step::PutScalingPolicy {
            resource_id,
            name,
            definition,
        } => {
            assert!(
                account.scalable_target(resource_id).is_some(),
                "{name}: no scalable target"
            );
            account
                .scaling_policies
                .retain(|p| p.name != *name || p.resource_id != *resource_id);
            account.scaling_policies.push(ObservedScalingPolicy {
                name: name.clone(),
                resource_id: resource_id.clone(),
                definition: definition.clone(),
            });
        }
        Step::DeleteScalingPolicy { resource_id, name } => account
            .scaling_policies
            .retain(|p| p.name != *name || p.resource_id != *resource_id),
        Step::PutScheduledAction {
            resource_id,
            name,
            definition,
        } => {
            assert!(
                account.scalable_target(resource_id).is_some(),
                "{name}: no scalable target"
            );
            account
                .scheduled_actions
                .retain(|a| a.name != *name || a.resource_id != *resource_id);
            account.scheduled_actions.push(ObservedScheduledAction {
                name: name.clone(),
                resource_id: resource_id.clone(),
                definition: definition.clone(),
            });
        }
        Step::DeleteScheduledAction { resource_id, name } => account
            .scheduled_actions
            .retain(|a| a.name != *name || a.resource_id != *resource_id),
        Step::PutAlarm {
            name,
            resource_id,
            definition,
            ..
        } => {
            assert!(
                account
                    .policies_of(resource_id)
                    .any(|p| p.name == definition.policy_name),
                "{name}: the policy it triggers does not exist"
            );
            account.alarms.retain(|a| a.name != *name);
            account.alarms.push(ObservedAlarm {
                name: name.clone(),
                definition: definition.clone(),
            });
        }
        Step::DeleteAlarm { name } => account.alarms.retain(|a| a.name != *name),
    }
}

fn deployed(text: &str) -> ObservedDeployment {
    let wanted = desired(text);
    let mut account = ObservedDeployment::default();
    let changeset = diff(&wanted, &account, Region::CnNorthwest1);
    apply(&mut account, &changeset);
    account
}

fn change<'a>(
    changeset: &'a Changeset,
    endpoint: &str,
) -> &'a gpuplan_core::deploy::EndpointChange {
    changeset
        .endpoints
        .iter()
        .find(|change| change.endpoint == endpoint)
        .unwrap_or_else(|| panic!("no change for {endpoint}"))
}

fn step_index(steps: &[Step], predicate: impl Fn(&Step) -> bool) -> usize {
    steps.iter().position(predicate).expect("the step is there")
}

#[test]
fn an_empty_account_gets_every_endpoint_and_one_apply_converges() {
    let text = theater_text();
    let wanted = desired(&text);
    let changeset = diff(
        &wanted,
        &ObservedDeployment::default(),
        Region::CnNorthwest1,
    );
    assert_eq!(changeset.endpoints.len(), 24);
    assert!(
        changeset
            .endpoints
            .iter()
            .all(|change| change.action == Action::Create)
    );
    let counts = changeset.counts();
    assert_eq!((counts.add, counts.change, counts.destroy), (160, 0, 0));
    let account = deployed(&text);
    let again = diff(&wanted, &account, Region::CnNorthwest1);
    assert!(again.is_empty(), "{:#?}", again.endpoints);
    assert_eq!(again.unchanged.len(), 24);
}

#[test]
fn an_instance_type_change_deregisters_first_and_registers_after_in_service() {
    let text = theater_text();
    let mut account = deployed(&text);
    let changed = text.replace(
        "instance_type = \"ml.g5.12xlarge\"",
        "instance_type = \"ml.g5.4xlarge\"",
    );
    let changeset = diff(&desired(&changed), &account, Region::CnNorthwest1);
    assert_eq!(changeset.endpoints.len(), 2);
    let animate = change(&changeset, "theater-g5-stage-animate-01");
    assert_eq!(animate.action, Action::Update);
    let steps = &animate.steps;
    let deregister = step_index(steps, |s| {
        matches!(s, Step::DeregisterScalableTarget { .. })
    });
    let update = step_index(steps, |s| {
        matches!(
            s,
            Step::UpdateEndpoint {
                retain_variant_properties: false,
                ..
            }
        )
    });
    let wait = step_index(steps, |s| matches!(s, Step::WaitInService { .. }));
    let register = step_index(steps, |s| matches!(s, Step::RegisterScalableTarget { .. }));
    let delete_old = step_index(steps, |s| matches!(s, Step::DeleteEndpointConfig { .. }));
    assert!(
        deregister < update && update < wait && wait < register && register < delete_old,
        "{steps:#?}"
    );
    let target = animate
        .resources
        .iter()
        .find(|r| r.kind == ResourceKind::ScalableTarget)
        .unwrap();
    assert_eq!(target.action, Action::Replace);
    apply(&mut account, &changeset);
    assert!(diff(&desired(&changed), &account, Region::CnNorthwest1).is_empty());
}

#[test]
fn a_model_change_keeps_the_autoscaled_count_and_leaves_autoscaling_alone() {
    let text = theater_text();
    let mut account = deployed(&text);
    let changed = text.replace("2.4.0-tgi2.4.0", "2.4.1-tgi2.4.1");
    let changeset = diff(&desired(&changed), &account, Region::CnNorthwest1);
    let caption = change(&changeset, "theater-g5-sketch-caption-01");
    assert!(caption.reason.contains("image"), "{}", caption.reason);
    assert!(caption.steps.iter().any(|s| matches!(
        s,
        Step::UpdateEndpoint {
            retain_variant_properties: true,
            ..
        }
    )));
    assert!(!caption.steps.iter().any(|s| matches!(
        s,
        Step::DeregisterScalableTarget { .. }
            | Step::RegisterScalableTarget { .. }
            | Step::PutScalingPolicy { .. }
    )));
    // The old version goes only after the endpoint is on the new one.
    let wait = step_index(&caption.steps, |s| matches!(s, Step::WaitInService { .. }));
    let delete_model = step_index(&caption.steps, |s| matches!(s, Step::DeleteModel { .. }));
    assert!(wait < delete_model);
    apply(&mut account, &changeset);
    assert!(diff(&desired(&changed), &account, Region::CnNorthwest1).is_empty());
    assert_eq!(account.models.len(), 24, "old versions are deleted");
}

#[test]
fn an_autoscaling_change_is_an_update_in_place_of_the_target_and_policy_only() {
    let text = theater_text();
    let account = deployed(&text);
    let changed = text.replace(
        "min = 1\nmax = 2\ntarget_invocations_per_instance = 12.0",
        "min = 1\nmax = 3\ntarget_invocations_per_instance = 10.0",
    );
    let changeset = diff(&desired(&changed), &account, Region::CnNorthwest1);
    assert_eq!(changeset.endpoints.len(), 2);
    let caption = change(&changeset, "theater-g5-sketch-caption-02");
    let steps: Vec<&str> = caption
        .steps
        .iter()
        .map(|s| match s {
            Step::RegisterScalableTarget { .. } => "register",
            Step::PutScalingPolicy { .. } => "put-policy",
            _ => "other",
        })
        .collect();
    assert_eq!(steps, ["register", "put-policy"]);
    assert_eq!(changeset.counts().change, 4);
}

#[test]
fn a_removed_endpoint_goes_in_dependency_order_and_nothing_else_changes() {
    let text = theater_text();
    let mut account = deployed(&text);
    let changed = text.replace(
        "name = \"face-restore\"\ncount = 4",
        "name = \"face-restore\"\ncount = 3",
    );
    let changeset = diff(&desired(&changed), &account, Region::CnNorthwest1);
    assert_eq!(changeset.endpoints.len(), 1);
    let removal = change(&changeset, "theater-g5-face-restore-04");
    assert_eq!(removal.action, Action::Delete);
    let deregister = step_index(&removal.steps, |s| {
        matches!(s, Step::DeregisterScalableTarget { .. })
    });
    let delete_endpoint = step_index(&removal.steps, |s| matches!(s, Step::DeleteEndpoint { .. }));
    let delete_config = step_index(&removal.steps, |s| {
        matches!(s, Step::DeleteEndpointConfig { .. })
    });
    assert!(deregister < delete_endpoint && delete_endpoint < delete_config);
    apply(&mut account, &changeset);
    assert!(
        account
            .alarms
            .iter()
            .all(|alarm| !alarm.name.contains("face-restore-04"))
    );
    assert!(diff(&desired(&changed), &account, Region::CnNorthwest1).is_empty());
}

#[test]
fn leftovers_of_an_interrupted_apply_are_reused_or_deleted() {
    let text = theater_text();
    let wanted = desired(&text);
    let mut account = deployed(&text);
    // As if CreateEndpoint of stage-render-05 had failed: its model and config exist.
    account
        .endpoints
        .retain(|e| e.name != "theater-g5-stage-render-05");
    let resource_id = "endpoint/theater-g5-stage-render-05/variant/AllTraffic";
    account
        .scalable_targets
        .retain(|t| t.resource_id != resource_id);
    account
        .scaling_policies
        .retain(|p| p.resource_id != resource_id);
    account
        .scheduled_actions
        .retain(|a| a.resource_id != resource_id);
    // And a model of an endpoint the plan no longer has.
    let mut stray = account.models[0].clone();
    stray.name = "theater-g5-old-thing-0123abcd".into();
    stray
        .tags
        .insert("gpuplan:endpoint".into(), "old-thing".into());
    account.models.push(stray);
    let changeset = diff(&wanted, &account, Region::CnNorthwest1);
    let render = change(&changeset, "theater-g5-stage-render-05");
    assert!(!render.steps.iter().any(|s| matches!(
        s,
        Step::CreateModel { .. } | Step::CreateEndpointConfig { .. }
    )));
    assert!(
        render
            .steps
            .iter()
            .any(|s| matches!(s, Step::CreateEndpoint { .. }))
    );
    let orphan = change(&changeset, "theater-g5-old-thing");
    assert_eq!(orphan.action, Action::Delete);
    apply(&mut account, &changeset);
    assert!(diff(&wanted, &account, Region::CnNorthwest1).is_empty());
}

#[test]
fn a_name_held_by_another_plan_is_a_conflict_and_not_touched() {
    let text = theater_text();
    let wanted = desired(&text);
    let account = ObservedDeployment {
        foreign: vec![ForeignResource {
            kind: gpuplan_core::deploy::ListedKind::Endpoint,
            name: "theater-g5-stage-render-01".into(),
            plan_tag: Some("other-plan".into()),
        }],
        ..Default::default()
    };
    let changeset = diff(&wanted, &account, Region::CnNorthwest1);
    assert_eq!(changeset.conflicts.len(), 1);
    assert!(changeset.conflicts[0].message.contains("other-plan"));
    assert!(
        changeset
            .endpoints
            .iter()
            .all(|c| c.endpoint != "theater-g5-stage-render-01")
    );
}

#[test]
fn the_query_tells_the_plans_resources_from_look_alikes() {
    let wanted = desired(&theater_text());
    let query = DeploymentQuery::for_desired(&wanted);
    let ours = BTreeMap::from([(PLAN_TAG.to_string(), "theater-g5".to_string())]);
    let theirs = BTreeMap::from([(PLAN_TAG.to_string(), "theater-g6".to_string())]);
    use gpuplan_core::deploy::{ListedKind, Ownership};
    assert_eq!(
        query.ownership(ListedKind::Endpoint, "theater-g5-anything", &ours),
        Ownership::Ours
    );
    assert_eq!(
        query.ownership(ListedKind::Endpoint, "theater-g5-stage-render-01", &theirs),
        Ownership::Foreign {
            plan_tag: Some("theater-g6".into())
        }
    );
    assert_eq!(
        query.ownership(ListedKind::Endpoint, "theater-g5-legacy", &BTreeMap::new()),
        Ownership::Unrelated
    );
    assert!(
        !query.may_be_ours("my-theater-g5-copy"),
        "NameContains matches anywhere; the prefix must not"
    );
}

#[test]
fn a_failed_endpoint_is_replaced() {
    let text = theater_text();
    let mut account = deployed(&text);
    let endpoint = account
        .endpoints
        .iter_mut()
        .find(|e| e.name == "theater-g5-stage-render-02")
        .unwrap();
    endpoint.status = "Failed".into();
    endpoint.failure_reason = Some("CapacityError: insufficient capacity".into());
    let changeset = diff(&desired(&text), &account, Region::CnNorthwest1);
    let render = change(&changeset, "theater-g5-stage-render-02");
    assert_eq!(render.action, Action::Replace);
    assert!(render.reason.contains("CapacityError"));
    let delete = step_index(&render.steps, |s| matches!(s, Step::DeleteEndpoint { .. }));
    let create = step_index(&render.steps, |s| matches!(s, Step::CreateEndpoint { .. }));
    assert!(delete < create);
}

#[test]
fn destroy_removes_everything_tagged_and_a_saved_plan_goes_stale_when_the_account_moves() {
    let text = theater_text();
    let mut account = deployed(&text);
    let destroy = destroy_all("theater-g5", &account, Region::CnNorthwest1);
    assert_eq!(destroy.endpoints.len(), 24);
    let saved = SavedPlan {
        kind: "gpuplan-saved-plan".into(),
        format_version: 1,
        gpuplan_version: "test".into(),
        observed_at: "2026-12-01T00:00:00Z".into(),
        plan_file: THEATER.into(),
        operation: SavedOperation::Destroy,
        query: DeploymentQuery::for_destroy("theater-g5"),
        changeset: destroy.clone(),
    };
    let reread = SavedPlan::parse("saved.json", &saved.render()).expect("it reads back");
    assert_eq!(reread, saved);
    assert!(
        reread
            .check_fresh("saved.json", &account.fingerprint())
            .is_ok()
    );
    apply(&mut account, &destroy);
    assert!(account.is_empty(), "{account:#?}");
    assert!(matches!(
        reread.check_fresh("saved.json", &account.fingerprint()),
        Err(SavedPlanError::Stale { .. })
    ));
    assert!(matches!(
        SavedPlan::parse("plan.toml", "[plan]\nname = 'x'"),
        Err(SavedPlanError::NotASavedPlan { .. })
    ));
}

/// A variation of the theater: group counts, instance types and autoscaling bounds.
fn variant(counts: [u32; 4], big: bool, caption_max: u32, render_schedules: bool) -> String {
    let mut text = theater_text()
        .replace(
            "name = \"sketch-caption\"\ncount = 2",
            &format!("name = \"sketch-caption\"\ncount = {}", counts[0]),
        )
        .replace(
            "name = \"stage-render\"\ncount = 16",
            &format!("name = \"stage-render\"\ncount = {}", counts[1]),
        )
        .replace(
            "name = \"face-restore\"\ncount = 4",
            &format!("name = \"face-restore\"\ncount = {}", counts[2]),
        )
        .replace(
            "name = \"stage-animate\"\ncount = 2",
            &format!("name = \"stage-animate\"\ncount = {}", counts[3]),
        )
        .replace(
            "min = 1\nmax = 2\ntarget_invocations_per_instance = 12.0",
            &format!("min = 1\nmax = {caption_max}\ntarget_invocations_per_instance = 12.0"),
        );
    if !big {
        text = text.replace(
            "instance_type = \"ml.g5.12xlarge\"",
            "instance_type = \"ml.g5.4xlarge\"",
        );
    }
    if !render_schedules {
        let start = text.find("# Before each performance").unwrap();
        let end = text.find("# Face restoration").unwrap();
        text.replace_range(start..end, "");
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn from_any_earlier_version_one_apply_converges(
        before in (proptest::array::uniform4(1u32..4), any::<bool>(), 2u32..4, any::<bool>()),
        after in (proptest::array::uniform4(1u32..4), any::<bool>(), 2u32..4, any::<bool>()),
    ) {
        let earlier = variant(before.0, before.1, before.2, before.3);
        let later = variant(after.0, after.1, after.2, after.3);
        let mut account = deployed(&earlier);
        let wanted = desired(&later);
        let changeset = diff(&wanted, &account, Region::CnNorthwest1);
        apply(&mut account, &changeset);
        let again = diff(&wanted, &account, Region::CnNorthwest1);
        prop_assert!(again.is_empty(), "{:#?}", again.endpoints);
        // Everything left is the plan's current version.
        for config in &account.endpoint_configs {
            let hash = config.tags.get(SPEC_HASH_TAG).unwrap();
            prop_assert!(config.name.ends_with(hash.as_str()));
            prop_assert!(wanted.endpoints.iter().any(|e| e.config_name == config.name));
        }
    }
}

#[test]
fn an_asynchronous_endpoint_without_an_output_path_cannot_be_deployed_and_says_where() {
    let text = theater_text().replace(
        "output_path = \"s3://theater-async-cnw1/face-restore/\"\n",
        "",
    );
    let errors = DesiredDeployment::of(&load(&text)).expect_err("no output path");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].endpoint, "face-restore");
    assert!(errors[0].message.contains("output_path"));
    assert!(errors[0].help.contains("s3://"));
    assert!(
        errors[0].location.is_some(),
        "the error points into the plan file"
    );
}

#[test]
fn the_changeset_reads_like_terraform() {
    use gpuplan_core::render::changeset::render_changeset;
    let text = theater_text();
    let account = deployed(&text);
    assert!(
        render_changeset(&diff(&desired(&text), &account, Region::CnNorthwest1)).starts_with(
            "No changes. The account matches plan `theater-g5` in cn-northwest-1 (24 endpoint(s))."
        )
    );
    let changed = text
        .replace(
            "instance_type = \"ml.g5.12xlarge\"",
            "instance_type = \"ml.g5.4xlarge\"",
        )
        .replace(
            "name = \"face-restore\"\ncount = 4",
            "name = \"face-restore\"\ncount = 3",
        );
    let rendered = render_changeset(&diff(&desired(&changed), &account, Region::CnNorthwest1));
    for expected in [
        "  ~ endpoint theater-g5-stage-animate-01: instance_type changed",
        "    -/+ scalable target  endpoint/theater-g5-stage-animate-01/variant/AllTraffic",
        "          instance_type: \"ml.g5.12xlarge\" -> \"ml.g5.4xlarge\"",
        "  - endpoint theater-g5-face-restore-04: no longer in the plan",
        "      - alarm            theater-g5-face-restore-04-backlog-without-capacity",
        "21 endpoint(s) already as planned.",
        // Per type change: model, config, policy, target replaced (4 add, 4 destroy), the
        // endpoint updated; the removal: alarm, two policies, target, endpoint, config, model.
        "Plan: 8 to add, 2 to change, 15 to destroy.",
    ] {
        assert!(rendered.contains(expected), "`{expected}` in:\n{rendered}");
    }
}
