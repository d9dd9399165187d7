module kpod.local/e2e/pause

go 1.26.0
