// The policy pack run by `preview` and `up` (see PulumiPolicy.yaml): the second net behind the stack
// config's validation (lib/config/), for any program that builds the components, with or without
// that config. The rules are pure functions (rules.ts) of the facts each IotdbNode and Pipe records
// (components/support/policyFacts.ts): resource policies check one component's facts before
// anything of it is created; stack policies compare components, once every resource is registered.
import { PolicyPack, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { NODE_TYPE, PIPE_TYPE, NodeFacts, PipeFacts } from "../components/support/policyFacts";
import { SUPPORTED_IOTDB_VERSIONS } from "../lib/config/pairConfig";
import * as rules from "./rules";

const FACT_TYPES = [NODE_TYPE, PIPE_TYPE];

/** A resource policy over the facts of one component type. */
function onFacts<T>(type: string, check: (facts: T, name: string) => string[]) {
    return (args: ResourceValidationArgs, report: ReportViolation) => {
        const facts = args.type === type ? (args.props.policyFacts as T | undefined) : undefined;
        if (facts) for (const message of check(facts, args.name)) report(message);
    };
}

/** The components of one type in the stack, with their facts (registered outputs). */
function subjects<T>(args: StackValidationArgs, type: string): rules.Subject<T>[] {
    return args.resources.filter((r) => r.type === type && r.props.policyFacts)
        .map((r) => ({ name: r.name, urn: r.urn, facts: r.props.policyFacts as T }));
}

function reportAll(violations: rules.Violation[], report: ReportViolation): void {
    for (const v of violations) report(v.message, v.urn);
}

new PolicyPack("iotdb-dual-active", {
    policies: [
        {
            name: "pipe-never-forwards",
            description: "A dual-active pipe never forwards pipe requests (double-living mode; forwarding-pipe-requests false).",
            enforcementLevel: "mandatory",
            validateResource: onFacts<PipeFacts>(PIPE_TYPE, rules.forwardingViolations),
        },
        {
            name: "pipe-sink-keeps-loop-closed",
            description: "A dual-active pipe's sink marks its rows as a pipe's and sends tablets, so the peer never sends them back.",
            enforcementLevel: "mandatory",
            validateResource: onFacts<PipeFacts>(PIPE_TYPE, rules.sinkLoopViolations),
        },
        {
            name: "sides-distinct",
            description: "The two sides have distinct hostnames and addresses.",
            enforcementLevel: "mandatory",
            validateStack: (args, report) => reportAll(rules.sharedIdentityViolations(subjects<NodeFacts>(args, NODE_TYPE)), report),
        },
        {
            name: "passwords-are-secrets",
            description: "Passwords (and SSH keys) reach the components as Pulumi secrets, never as plain text.",
            enforcementLevel: "mandatory",
            validateResource: [
                onFacts<NodeFacts>(NODE_TYPE, (f, name) => rules.plaintextPasswordViolations(`IotdbNode ${name}`, f)),
                onFacts<PipeFacts>(PIPE_TYPE, (f, name) => rules.plaintextPasswordViolations(`Pipe ${name}`, f)),
            ],
        },
        {
            name: "pipe-not-at-own-side",
            description: "A pipe never points at its own side.",
            enforcementLevel: "mandatory",
            validateResource: onFacts<PipeFacts>(PIPE_TYPE, rules.ownSideViolations),
        },
        {
            name: "pipe-at-other-side",
            description: "Each pipe runs on a node of one side and points at the other side's nodes.",
            enforcementLevel: "mandatory",
            validateStack: (args, report) => reportAll(
                rules.otherSideViolations(subjects<PipeFacts>(args, PIPE_TYPE), subjects<NodeFacts>(args, NODE_TYPE)), report),
        },
        {
            name: "components-record-facts",
            description: "Every IotdbNode and Pipe records the facts these policies check.",
            enforcementLevel: "mandatory",
            validateResource: (args, report) => {
                if (FACT_TYPES.includes(args.type) && !args.props.policyFacts) {
                    report(`${args.type} ${args.name} records no policyFacts input (an older component, or PULUMI_NODEJS_SKIP_COMPONENT_INPUTS `
                        + "is set): the policy pack cannot check it.");
                }
            },
        },
        {
            name: "iotdb-version-tested",
            description: "IoTDB is at least a version this project tests.",
            enforcementLevel: "advisory",
            validateResource: onFacts<NodeFacts>(NODE_TYPE, (f) => rules.versionAdvice(f, SUPPORTED_IOTDB_VERSIONS)),
        },
    ],
});
