module github.com/kpod-dev/kpod

go 1.26.8
