#!/bin/sh
# The CDK CLI runs this (cdk.json "app") from the cdk-stacks folder: it builds the module when its compiled
# classes are missing, then runs dev.dslab.cdk.SandboxApp with plain java (no Maven start-up per synth).
set -e
cd "$(dirname "$0")"
if [ ! -f target/runtime-classpath.txt ] || [ ! -f target/classes/dslab-assets/lambdas.jar ]; then
  echo "building cdk-stacks (first run)..." >&2
  ../mvnw -B -q -f ../pom.xml -pl cdk-stacks -am package -DskipTests >&2
fi
# jsii's node child prints an end-of-life banner for an old node major unless told which major to accept
if [ -z "$JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION" ]; then
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=$(node -p 'process.versions.node.split(".")[0]')
  export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION
fi
# skips CDK's built-in template rule engine: it adds 6-25 s to every synth here and never changes the templates
export CDK_VALIDATION="${CDK_VALIDATION:-false}"
exec java -cp "target/classes:$(cat target/runtime-classpath.txt)" dev.dslab.cdk.SandboxApp
