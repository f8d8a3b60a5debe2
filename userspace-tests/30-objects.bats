#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Object ids, IOMMU_DESTROY and context teardown (README.md,
# "Supported ioctls") on IOAS objects.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

@test "ids start at 1 and count up" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=3'
	run_steps
}

@test "the lowest free id is reused" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=3'
	step "destroy,id=2" 'destroy: ok'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "destroy,id=1" 'destroy: ok'
	step "destroy,id=3" 'destroy: ok'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=3'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=4'
	run_steps
}

@test "destroy of id 0, of a never-used id and of INT_MAX+1 is ENOENT" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "destroy,id=0" 'destroy: ENOENT'
	step "destroy,id=2" 'destroy: ENOENT'
	step "destroy,id=0x7fffffff" 'destroy: ENOENT'
	step "destroy,id=0x80000000" 'destroy: ENOENT'
	step "destroy,id=0xffffffff" 'destroy: ENOENT'
	run_steps
}

@test "destroying twice is ENOENT the second time" {
	steps
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "destroy,id=1" 'destroy: ok'
	step "destroy,id=1" 'destroy: ENOENT'
	run_steps
}

@test "two opens are independent contexts" {
	steps
	step "fd=0"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	step "fd=1"
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=1'
	step "destroy,id=2" 'destroy: ENOENT'
	step "destroy,id=1" 'destroy: ok'
	step "fd=0"
	step "destroy,id=2" 'destroy: ok'
	step "ioas_alloc" 'ioas_alloc: ok out_ioas_id=2'
	run_steps
}

@test "close destroys every object of the context" {
	# slot 0: three objects, then closed; slot 1: one object, kept open
	start_holder ioas_alloc ioas_alloc ioas_alloc close fd=1 ioas_alloc
	run live_objects
	expect_output "1"
	stop_holder
	run live_objects
	expect_output "0"
}

@test "objects are counted while alive" {
	start_holder ioas_alloc ioas_alloc fd=1 ioas_alloc
	run live_objects
	expect_output "3"
	stop_holder
	run live_objects
	expect_output "0"
}

@test "a process killed with objects alive leaks nothing" {
	start_holder ioas_alloc ioas_alloc ioas_alloc
	run live_objects
	expect_output "3"
	stop_holder KILL
	run live_objects
	expect_output "0"
}
