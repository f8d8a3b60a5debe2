#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Object ids, IOMMU_DESTROY and context teardown (spec (c)1) on IOAS objects.

load helpers

setup_file() { load_module; }
teardown() { kill_holders; }
teardown_file() { unload_module; }

@test "ids start at 1 and count up" {
	run iofd ioas_alloc ioas_alloc ioas_alloc
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_alloc: ok out_ioas_id=2\nioas_alloc: ok out_ioas_id=3'
}

@test "the lowest free id is reused" {
	run iofd ioas_alloc ioas_alloc ioas_alloc destroy,id=2 ioas_alloc destroy,id=1 destroy,id=3 ioas_alloc ioas_alloc ioas_alloc
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_alloc: ok out_ioas_id=2\nioas_alloc: ok out_ioas_id=3\ndestroy: ok\nioas_alloc: ok out_ioas_id=2\ndestroy: ok\ndestroy: ok\nioas_alloc: ok out_ioas_id=1\nioas_alloc: ok out_ioas_id=3\nioas_alloc: ok out_ioas_id=4'
}

@test "destroy of id 0, of a never-used id and of INT_MAX+1 is ENOENT" {
	run iofd ioas_alloc destroy,id=0 destroy,id=2 destroy,id=0x7fffffff destroy,id=0x80000000 destroy,id=0xffffffff
	expect_output $'ioas_alloc: ok out_ioas_id=1\ndestroy: ENOENT\ndestroy: ENOENT\ndestroy: ENOENT\ndestroy: ENOENT\ndestroy: ENOENT'
}

@test "destroying twice is ENOENT the second time" {
	run iofd ioas_alloc destroy,id=1 destroy,id=1
	expect_output $'ioas_alloc: ok out_ioas_id=1\ndestroy: ok\ndestroy: ENOENT'
}

@test "two opens are independent contexts" {
	run iofd fd=0 ioas_alloc ioas_alloc fd=1 ioas_alloc destroy,id=2 destroy,id=1 fd=0 destroy,id=2 ioas_alloc
	expect_output $'ioas_alloc: ok out_ioas_id=1\nioas_alloc: ok out_ioas_id=2\nioas_alloc: ok out_ioas_id=1\ndestroy: ENOENT\ndestroy: ok\ndestroy: ok\nioas_alloc: ok out_ioas_id=2'
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
