module kpod.local/e2e/imgtool

go 1.26.0
