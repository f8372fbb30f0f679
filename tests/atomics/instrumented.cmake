# lockstep_instrumented_c(TARGET SOURCE OUTPUT_DIR [NAME name] [FLAGS flag...]): builds a C test
# program with the lockstep-cc wrapper (the LLVM pass plugin, -g, linked against liblockstep_rt),
# at -O0 with assert() kept, into OUTPUT_DIR/NAME (NAME defaults to the source's base name).
# Used by tests/atomics and tests/families for programs whose atomics must be instrumented.
function(lockstep_instrumented_c target source outdir)
  cmake_parse_arguments(ARG "" "NAME" "FLAGS" ${ARGN})
  get_filename_component(name ${source} NAME_WE)
  if(ARG_NAME)
    set(name ${ARG_NAME})
  endif()
  set(out ${outdir}/${name})
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${outdir}
    COMMAND $<TARGET_FILE:lockstep_cc> -g -O0 -UNDEBUG ${ARG_FLAGS}
            -I${PROJECT_SOURCE_DIR}/tests/families ${source} -o ${out}
    DEPENDS ${source} ${PROJECT_SOURCE_DIR}/tests/families/common.h lockstep_cc lockstep_pass
            lockstep_rt
    COMMENT "lockstep-cc ${name}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${out})
endfunction()
