#!/usr/bin/env bash
# LocalStack "ready" hook (mounted into /etc/localstack/init/ready.d/): creates the Todos table exactly as
# dev.todostreams.todo.TodoTable describes it. The app creates its other tables itself in the localstack profile.
set -euo pipefail

TABLE="${TODO_TABLE:-Todos}"
AWS="awslocal"
command -v awslocal >/dev/null 2>&1 || AWS="aws --endpoint-url=${AWS_ENDPOINT_URL:-http://localhost:4566}"

if $AWS dynamodb describe-table --table-name "$TABLE" >/dev/null 2>&1; then
	echo "table $TABLE exists"
	exit 0
fi

$AWS dynamodb create-table \
	--table-name "$TABLE" \
	--billing-mode PAY_PER_REQUEST \
	--attribute-definitions \
		AttributeName=TodoID,AttributeType=S \
		AttributeName=Status,AttributeType=S \
		AttributeName=DueDate,AttributeType=S \
	--key-schema AttributeName=TodoID,KeyType=HASH \
	--global-secondary-indexes \
		'IndexName=Status-DueDate-index,KeySchema=[{AttributeName=Status,KeyType=HASH},{AttributeName=DueDate,KeyType=RANGE}],Projection={ProjectionType=ALL}' \
	--stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES \
	>/dev/null

$AWS dynamodb wait table-exists --table-name "$TABLE"

$AWS dynamodb update-time-to-live \
	--table-name "$TABLE" \
	--time-to-live-specification Enabled=true,AttributeName=ExpiresAt \
	>/dev/null

echo "created table $TABLE (GSI Status-DueDate-index, stream NEW_AND_OLD_IMAGES, TTL ExpiresAt)"
