#!/usr/bin/env bash
# Publishes a mix of demo tasks every few seconds: successes, a flaky task that retries through
# both tiers, a task that always fails (a dead letter), emails, thumbnails and reports.
set -euo pipefail
round=0
while true; do
  round=$((round + 1))
  java -jar /app/taskline.jar publish --queue demo --file - <<JSON
{"type":"echo","key":"user-$((round % 7))","payload":{"message":"round $round"}}
{"type":"echo","key":"user-$(((round + 3) % 7))","payload":{"message":"round $round again"}}
{"type":"welcome-email","key":"user-$round","payload":{"to":"user-$round@example.com","name":"User $round"}}
{"type":"thumbnail","key":"image-$round","payload":{"imageId":"image-$round","seed":$round,"maxSize":160}}
{"type":"report","key":"acme","payload":{"account":"acme","month":"2026-10","lines":12}}
{"type":"flaky","key":"flaky-$round","payload":{"failTimes":2}}
{"type":"always-fail","key":"doomed-$round","payload":{"message":"this one never works"}}
JSON
  sleep 5
done
